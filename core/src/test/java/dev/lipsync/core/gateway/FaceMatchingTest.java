package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.VIDEO;
import static dev.lipsync.core.gateway.ScriptedVendors.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * How surely a job's face is found at each vendor, and how a picture carries the person from a vendor
 * with times to one without: on scripted vendors, with pictures drawn here and served by a fake fetcher.
 */
class FaceMatchingTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final Map<URI, byte[]> served = new ConcurrentHashMap<>();
  private final Map<URI, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final PictureFetcher fetcher = url -> {
    fetches.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
    byte[] picture = served.get(url);
    return picture != null ? CompletableFuture.completedFuture(picture)
        : CompletableFuture.failedFuture(new IOException(url + " answered HTTP 404"));
  };

  /** A's faces, with times and a PNG picture each; listed ben first, though ana appears first. */
  private final ScriptedProvider a = byId("a").on("identify", new FaceSession("a", "session-a", VIDEO, List.of(
      face("a", "ben", 2_000, 128, "png"), face("a", "ana", 0, 128, "png"), face("a", "cleo", 5_000, 128, "png"))));

  private LipSyncGateway gateway(ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(time)
        .random(() -> 0.0)
        .pictureFetcher(fetcher)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder.build();
  }

  /** A face of {@code person} at {@code vendor}, its picture served; with times when {@code startMs} ≥ 0. */
  private Face face(String vendor, String person, long startMs, int size, String format) {
    URI url = URI.create("https://cdn." + vendor + ".example/faces/" + person + "." + format);
    served.put(url, encode(person, size, format));
    Face.Builder face = Face.builder(vendor + "-" + person).imageUrl(url);
    return startMs >= 0 ? face.times(startMs, startMs + 3_000).build() : face.build();
  }

  /** A person's picture: their own colours in a layout of their own, the same at every size and format. */
  static byte[] encode(String person, int size, String format) {
    java.util.Random looks = new java.util.Random(person.hashCode());
    BufferedImage drawn = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = drawn.createGraphics();
    g.setColor(new Color(looks.nextInt(256), looks.nextInt(256), looks.nextInt(256)));
    g.fillRect(0, 0, 256, 256);
    g.setColor(new Color(looks.nextInt(256), looks.nextInt(256), looks.nextInt(256)));
    g.fillOval(32 + looks.nextInt(64), 32, 128, 192);
    g.dispose();
    // Drawn once and scaled, so that every size shows the same face.
    BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D scaled = picture.createGraphics();
    scaled.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    scaled.drawImage(drawn, 0, 0, size, size, null);
    scaled.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, format.equals("jpg") ? "jpeg" : format, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static ScriptedProvider byId(String id) {
    return new ScriptedProvider(id, Capabilities.builder()
        .mode(Capabilities.Mode.builder("advanced").videos(VideoKind.URL).audio(AudioKind.URL)
            .faceChoosing(Capabilities.FaceChoosing.BY_ID).build())
        .build(), Pricing.unknown());
  }

  /** A vendor without times whose session lists {@code faces}, and whose task succeeds. */
  private static ScriptedProvider untimed(String id, Face... faces) {
    return byId(id)
        .on("identify", new FaceSession(id, "session-" + id, VIDEO, List.of(faces)))
        .on("submit", new TaskRef(id, "task-" + id))
        .on("status", succeeded(new TaskRef(id, "task-" + id)));
  }

  private static LipSyncJob job(FaceSelector face, FaceMatch match) {
    return LipSyncJob.builder().video(VIDEO)
        .dub(Dub.builder().face(face).audio(AudioSource.url("https://example.com/a.mp3")).build())
        .faceMatch(match)
        .build();
  }

  private LipSyncResult finish(CompletableFuture<LipSyncResult> result) {
    return Outcomes.finish(time, result);
  }

  @Test
  void should_find_the_person_chosen_by_appearance_at_a_vendor_without_times_by_picture() {
    a.on("submit", new OutOfCreditException("a", "HTTP 402"));
    // b lists them in another order, its pictures smaller and in JPEG.
    ScriptedProvider b = untimed("b",
        face("b", "cleo", -1, 96, "jpg"), face("b", "ana", -1, 96, "jpg"), face("b", "ben", -1, 96, "jpg"));
    List<JobEvent> events = new CopyOnWriteArrayList<>();

    LipSyncResult result = finish(gateway(a, b)
        .run(job(FaceSelector.nthByAppearance(2), FaceMatch.PICTURE), events::add).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(b.submitted().get(0).dubs().get(0).face().id()).as("ben, face 2 by appearance at a").isEqualTo("b-ben");
    assertThat(result.faceRules()).singleElement().asString()
        .startsWith("face 2 by order of appearance at a; here the face its picture matches (")
        .endsWith(" alike)");
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.IDENTIFIED && e.vendor().equals("b"))
        .last().extracting(JobEvent::message).asString().endsWith("(by picture)");
    assertThat(fetches).as("each picture once: a's ben and b's three").hasSize(4)
        .allSatisfy((url, count) -> assertThat(count).as(url.toString()).hasValue(1));
  }

  @Test
  void should_skip_a_vendor_whose_faces_do_not_look_like_the_chosen_one_before_paying() {
    a.on("submit", new OutOfCreditException("a", "HTTP 402"));
    ScriptedProvider b = untimed("b", face("b", "cleo", -1, 96, "jpg"), face("b", "ana", -1, 96, "jpg"));

    JobHandle handle = gateway(a, b).run(job(FaceSelector.nthByAppearance(2), FaceMatch.ANY));
    Throwable failure = Outcomes.failureOf(time, handle.result());

    assertThat(b.calls("submit")).as("no wrong person paid for, even with approximations allowed").isZero();
    assertThat(failure).isInstanceOf(NotSupportedException.class);
    assertThat(handle.attempts()).last().satisfies(attempt -> {
      assertThat(attempt.vendor()).isEqualTo("b");
      assertThat(attempt.reason()).isEqualTo(FailureKind.NOT_SUPPORTED);
      assertThat(attempt.error()).contains("cannot find the face dub[0] names (face 2 by order of appearance at a)"
          + " by its picture: no face looks like the picture https://cdn.a.example/faces/ben.png");
    });
  }

  @Test
  void should_refuse_an_approximate_face_by_default_and_take_it_when_the_job_allows_any() {
    ScriptedProvider unpictured = untimed("b", Face.of("b-0"), Face.of("b-1"));

    Throwable refused = Outcomes.failureOf(time,
        gateway(unpictured).run(job(FaceSelector.nthByAppearance(2), FaceMatch.PICTURE)).result());
    LipSyncResult allowed = finish(gateway(unpictured)
        .run(job(FaceSelector.nthByAppearance(2), FaceMatch.ANY)).result());

    assertThat(refused).isInstanceOf(NotSupportedException.class).hasMessage("[b] finds the face dub[0] names only"
        + " approximately (face 2 in the vendor's list (the vendor gave no times)); the job accepts faces"
        + " found exactly or by picture (LipSyncJob.faceMatch; --face-match in the command)");
    assertThat(unpictured.calls("submit")).as("one submit: the job that allowed it").isOne();
    assertThat(allowed.faceRules()).containsExactly("face 2 in the vendor's list (the vendor gave no times)");
  }

  @Test
  void should_refuse_a_picture_match_when_the_job_wants_exact_faces() {
    a.on("submit", new OutOfCreditException("a", "HTTP 402"));
    ScriptedProvider b = untimed("b", face("b", "ana", -1, 96, "jpg"), face("b", "ben", -1, 96, "jpg"));

    Outcomes.failureOf(time, gateway(a, b).run(job(FaceSelector.nthByAppearance(2), FaceMatch.EXACT)).result());

    assertThat(b.calls("submit")).isZero();
  }

  @Test
  void should_find_the_face_a_given_picture_shows() {
    URI reference = URI.create("https://example.com/who.png");
    served.put(reference, encode("ben", 200, "png"));
    ScriptedProvider b = untimed("b", face("b", "ana", -1, 96, "jpg"), face("b", "ben", -1, 96, "jpg"));

    LipSyncResult result = finish(gateway(b).run(job(FaceSelector.lookingLike(reference.toString()),
        FaceMatch.PICTURE)).result());

    assertThat(b.submitted().get(0).dubs().get(0).face().id()).isEqualTo("b-ben");
    assertThat(result.faceRules()).singleElement().asString()
        .startsWith("the face looking like https://example.com/who.png (");
  }

  @Test
  void should_refuse_a_picture_that_cannot_be_fetched_saying_why() {
    ScriptedProvider b = untimed("b", face("b", "ana", -1, 96, "jpg"), face("b", "ben", -1, 96, "jpg"));

    Throwable failure = Outcomes.failureOf(time, gateway(b).run(job(
        FaceSelector.lookingLike("https://example.com/gone.png?token=secret"), FaceMatch.PICTURE)).result());

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("cannot match a face to its picture: the picture https://example.com/gone.png could"
            + " not be fetched (")
        .hasMessageContaining("HTTP 404");
    assertThat(b.calls("submit")).isZero();
  }
}

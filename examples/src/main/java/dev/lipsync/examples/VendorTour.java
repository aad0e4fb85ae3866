package dev.lipsync.examples;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceChoice;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskTracker;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.VendorSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A tour of every vendor on its simulator: no key, no network. For each vendor it describes a job,
 * identifies the faces, resolves the portable face selector in that vendor's session, submits the
 * paid task with the job's idempotency key, and tracks it to the finished video. Then a text-to-speech
 * job goes to the one vendor that speaks, and a job no vendor can serve shows what the library says.
 *
 * <p>Run it with {@code mvn -B -q install -DskipTests && mvn -B -q exec:java -pl examples}.
 */
public final class VendorTour {
  private static final String KEY = "sk-tour-not-a-real-key";
  private static final String VIDEO = "https://example.com/interview.mp4";

  private final PrintStream out;
  private final PollSchedule schedule;

  /**
   * A tour printing to {@code out}, polling on {@code schedule}.
   */
  public VendorTour(PrintStream out, PollSchedule schedule) {
    this.out = out;
    this.schedule = schedule;
  }

  /** Runs the tour on standard output at a pace a person can follow. */
  public static void main(String[] args) {
    PollSchedule humanPace = new PollSchedule(Duration.ofMillis(300), 1.5, Duration.ofSeconds(1), 0.2);
    System.exit(new VendorTour(System.out, humanPace).run());
  }

  /** Runs the tour; returns 0 when every job went as expected, 1 otherwise. */
  public int run() {
    try (SystemScheduler scheduler = new SystemScheduler()) {
      TaskTracker tracker = new TaskTracker(scheduler);
      // A new job, with its own idempotency key, for each vendor: the same key at two vendors would
      // mean paying twice for one job.
      Supplier<LipSyncJob> audioJob = () -> LipSyncJob.builder()
          .videoUrl(VIDEO)
          .dub(Dub.builder()
              .face(FaceSelector.nthByAppearance(1))
              .audio(AudioSource.url("https://example.com/answer.mp3"))
              .build())
          .build();
      Supplier<LipSyncJob> speechJob = () -> LipSyncJob.builder()
          .videoUrl(VIDEO)
          .audio(AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN))
          .build();
      LipSyncJob clippedSpeech = LipSyncJob.builder()
          .videoUrl(VIDEO)
          .dub(Dub.builder()
              .audio(AudioSource.speech("Hello again", "uk_boy1", VoiceLanguage.EN))
              .originalVolume(0.3)
              .build())
          .build();

      boolean ok = true;
      ok &= tour("cometapi", new CometApiSimulator(KEY, scheduler), SimFace.defaults(),
          url -> CometApiProvider.builder().apiKey(KEY).baseUrl(url).build(), tracker, audioJob.get());
      ok &= tour("apimodels", new ApiModelsSimulator(KEY, scheduler), SimFace.defaults(),
          url -> ApiModelsProvider.builder().apiKey(KEY).baseUrl(url)
              .scheduler(scheduler).identifyPollSchedule(schedule).build(), tracker, audioJob.get());
      // alad cannot choose a face: it serves videos with one person in them.
      List<SimFace> onePerson = List.of(SimFace.defaults().get(0));
      ok &= tour("alad", new AladSimulator(KEY, scheduler), onePerson,
          url -> AladProvider.builder().apiKey(KEY).baseUrl(url).build(), tracker, audioJob.get());
      ok &= tour("alad (text to speech)", new AladSimulator(KEY, scheduler), onePerson,
          url -> AladProvider.builder().apiKey(KEY).baseUrl(url).build(), tracker, speechJob.get());

      out.println();
      out.println("== A job no vendor can serve: speech with a volume setting");
      for (LipSyncProvider provider : List.of(
          CometApiProvider.builder().apiKey(KEY).build(),
          ApiModelsProvider.builder().apiKey(KEY).build(),
          AladProvider.builder().apiKey(KEY).build())) {
        Optional<String> why = provider.capabilities().whyNot(clippedSpeech);
        out.println("   " + provider.id() + ": " + why.orElse("can serve it"));
        ok &= why.isPresent();
      }
      out.println();
      out.println(ok ? "Tour complete: every job went as expected." : "Tour FAILED: see above.");
      return ok ? 0 : 1;
    }
  }

  private boolean tour(
      String title,
      VendorSimulator simulator,
      List<SimFace> people,
      Function<String, LipSyncProvider> providerAt,
      TaskTracker tracker,
      LipSyncJob job) {
    out.println();
    out.println("== " + title);
    try (simulator) {
      simulator.start();
      simulator.faces(people);
      LipSyncProvider provider = providerAt.apply(simulator.baseUrl());
      Optional<String> why = provider.capabilities().whyNot(job);
      if (why.isPresent()) {
        out.println("   cannot serve this job: " + why.get());
        return false;
      }

      out.println("   identifying the faces of " + VIDEO);
      FaceSession session = await(provider.identifyFaces(job.video()));
      for (Face face : session.faces()) {
        out.println("     face " + face.id() + describe(face));
      }

      Dub dub = job.dubs().get(0);
      FaceChoice choice = dub.face().resolve(session);
      Face face = choice.faces().get(0);
      out.println("   chose " + face.id() + ": " + choice.rule());

      TaskRef ref = await(provider.submit(new SubmitRequest(
          session, List.of(ResolvedDub.of(dub, face)), null, job.idempotencyKey())));
      out.println("   submitted " + ref + " (idempotency key " + job.idempotencyKey() + ")");

      TaskSnapshot done = await(tracker.track(ref, provider::status, schedule,
              simulator.clock().now().plus(Duration.ofMinutes(1)),
              snapshot -> out.println("     " + snapshot.state() + " (\"" + snapshot.rawStatus() + "\")"))
          .result());
      out.println("   done: " + done.state() + " " + done.videos().stream().map(v -> v.url().toString()).toList());
      provider.pricing().estimate(job)
          .ifPresent(cost -> out.println("   estimated cost: $" + cost.toPlainString() + " (upper bound)"));
      return done.state() == dev.lipsync.core.model.TaskState.SUCCEEDED;
    } catch (LipSyncException e) {
      out.println("   failed: " + e.getMessage());
      return false;
    }
  }

  private static String describe(Face face) {
    StringBuilder text = new StringBuilder();
    if (face.hasTimes()) {
      text.append(", on screen ").append(face.startMs()).append("–").append(face.endMs()).append(" ms");
    }
    if (face.box() != null) {
      text.append(", ").append(face.box().width()).append("×").append(face.box().height()).append(" px");
    }
    if (face.imageUrl() != null) {
      text.append(", thumbnail ").append(face.imageUrl());
    }
    return text.toString();
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LipSyncException failure ? failure : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within a minute", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

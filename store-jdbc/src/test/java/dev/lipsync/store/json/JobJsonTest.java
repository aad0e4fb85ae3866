package dev.lipsync.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.testkit.SampleJobs;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobJsonTest {
  private static final String PLAIN_K1 = "{\"format\":1,"
      + "\"video\":{\"type\":\"url\",\"url\":\"https://example.com/v.mp4\"},"
      + "\"dubs\":[{\"face\":{\"type\":\"unnamed\"},"
      + "\"audio\":{\"type\":\"url\",\"url\":\"https://example.com/a.mp3\"}}],"
      + "\"idempotencyKey\":\"k1\",\"preferredVendors\":[],\"excludedVendors\":[],\"watermark\":false,"
      + "\"faceMatch\":\"picture\",\"chaining\":true}";

  private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05.123456789Z");

  static Stream<LipSyncJob> jobs() {
    return Stream.of(
        SampleJobs.plain("k1"),
        SampleJobs.everything("k2"),
        SampleJobs.allFaces("k3"),
        // Every face selector that can be stored, and the remaining audio variant with its defaults.
        LipSyncJob.builder()
            .videoUrl("https://example.com/v.mp4")
            .dub(Dub.builder().face(FaceSelector.unnamed()).audio(AudioSource.vendorAudio("a-0")).build())
            .dub(Dub.builder().face(FaceSelector.nthByAppearance(3))
                .audio(AudioSource.speech("hi", "voice-2", VoiceLanguage.EN)).build())
            .dub(Dub.builder().face(FaceSelector.onScreenAt(0))
                .audio(AudioSource.bytes(new byte[] {1}, AudioFormat.M4A)).build())
            .dub(Dub.builder().face(FaceSelector.byId("f \"quoted\" \u00e9")).volume(0.0)
                .audio(AudioSource.url("https://example.com/x.aac")).build())
            .dub(Dub.builder().face(FaceSelector.lookingLike("https://cdn.example.com/faces/ben.png?sig=1"))
                .audio(AudioSource.url("https://example.com/y.mp3")).build())
            .faceMatch(FaceMatch.ANY)
            .chaining(false)
            .excludeVendors("zeta", "alpha", "mu")
            .timeout(Duration.ofSeconds(90, 1))
            .idempotencyKey("k4")
            .build());
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void should_read_back_each_job_equal(LipSyncJob job) {
    String json = JobJson.write(job);

    assertThat(JobJson.readJob(json)).isEqualTo(job);
    assertThat(JobJson.write(JobJson.readJob(json))).isEqualTo(json);
  }

  @Test
  void should_write_a_plain_job_exactly_so() {
    assertThat(JobJson.write(SampleJobs.plain("k1"))).isEqualTo(PLAIN_K1);
  }

  @Test
  void should_write_every_field_of_a_full_job() {
    String json = JobJson.write(SampleJobs.everything("k2"));

    assertThat(json)
        .contains("\"video\":{\"type\":\"vendor_video\",\"videoId\":\"video-77\"}")
        .contains("\"face\":{\"type\":\"nth\",\"n\":2}")
        .contains("\"clip\":{\"startMs\":250,\"endMs\":4250},\"insertAtMs\":1500,\"volume\":1.5,"
            + "\"originalVolume\":0.25,\"audioLength\":\"PT6.125S\"")
        .contains("{\"type\":\"bytes\",\"data\":\"SUQzAP8H\",\"format\":\"wav\"}")
        .contains("\"face\":{\"type\":\"on_screen_at\",\"atMs\":12000}")
        .contains("\"face\":{\"type\":\"longest_on_screen\"}")
        .contains("\"language\":\"zh\",\"speed\":1.25")
        .contains("\"timeout\":\"PT15M0.005S\"")
        .contains("\"preferredVendors\":[\"cometapi\",\"alad\"],\"excludedVendors\":[\"apimodels\"]")
        .contains("\"watermark\":true");
  }

  @Test
  void should_keep_how_surely_faces_are_found_and_a_face_chosen_by_picture() {
    String json = JobJson.write(jobs().toList().get(3));

    assertThat(json)
        .contains("\"face\":{\"type\":\"looking_like\",\"imageUrl\":\"https://cdn.example.com/faces/ben.png?sig=1\"}")
        .endsWith("\"faceMatch\":\"any\",\"chaining\":false}");
    assertThat(JobJson.readJob(json.replace(",\"faceMatch\":\"any\",\"chaining\":false", "")).faceMatch())
        .as("a job written before faces had a precision: the default")
        .isEqualTo(FaceMatch.PICTURE);
  }

  @Test
  void should_write_excluded_vendors_sorted_so_one_job_is_one_text() {
    String json = JobJson.write(jobs().toList().get(3));

    assertThat(json).contains("\"excludedVendors\":[\"alpha\",\"mu\",\"zeta\"]");
  }

  @Test
  void should_read_back_a_result_and_its_attempts_equal() {
    LipSyncResult result = SampleJobs.result("k1", STARTED);

    assertThat(JobJson.readResult(JobJson.write(result))).isEqualTo(result);
    assertThat(JobJson.readAttempts(JobJson.writeAttempts(result.attempts()))).isEqualTo(result.attempts());
    assertThat(JobJson.readAttempts("[]")).isEmpty();
    assertThat(JobJson.readResult(JobJson.write(result)).estimatedCostUsd()).hasToString("0.4200");
  }

  @Test
  void should_write_a_small_result_exactly_so() {
    TaskRef task = new TaskRef("alad", "t-1");
    LipSyncResult result = LipSyncResult.builder(task, null)
        .videos(List.of(new ResultVideo(URI.create("https://cdn.example.com/o.mp4"), Duration.ofMillis(4_200), null)))
        .attempts(List.of(
            Attempt.builder("kling", Attempt.Outcome.OUTCOME_UNKNOWN).submitSent(true)
                .failure(FailureKind.RATE_LIMITED, "slow down").build(),
            Attempt.builder("alad", Attempt.Outcome.SUCCEEDED).submitSent(true).taskRef(task).build()))
        .estimatedCostUsd(new BigDecimal("0.4200"))
        .billedUnits(new BigDecimal("1E+3"))
        .timings(STARTED, STARTED.plusMillis(95_000))
        .build();

    String json = JobJson.write(result);

    assertThat(json).isEqualTo("{\"taskRef\":{\"vendor\":\"alad\",\"taskId\":\"t-1\"},"
        + "\"videos\":[{\"url\":\"https://cdn.example.com/o.mp4\",\"duration\":\"PT4.2S\"}],"
        + "\"attempts\":[{\"vendor\":\"kling\",\"outcome\":\"outcome_unknown\",\"submitSent\":true,"
        + "\"reason\":\"rate_limited\",\"error\":\"slow down\"},"
        + "{\"vendor\":\"alad\",\"outcome\":\"succeeded\",\"submitSent\":true,"
        + "\"taskRef\":{\"vendor\":\"alad\",\"taskId\":\"t-1\"}}],"
        + "\"faceRules\":[],\"steps\":[],\"estimatedCostUsd\":0.4200,\"billedUnits\":1E+3,"
        + "\"startedAt\":\"2026-01-02T03:04:05.123456789Z\",\"finishedAt\":\"2026-01-02T03:05:40.123456789Z\"}");
    assertThat(JobJson.readResult(json)).isEqualTo(result);
  }

  @Test
  void should_refuse_to_write_a_face_chosen_by_code() {
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3"))
        .dub(Dub.builder().face(FaceSelector.matching("wears a hat", face -> true))
            .audio(AudioSource.url("https://example.com/b.mp3")).build())
        .build();

    assertThatThrownBy(() -> JobJson.write(job))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
            .containsExactly(new Violation("dub[1].face", "wears a hat",
                "selects faces by code (FaceSelector.matching), which a job store cannot keep; choose the face"
                    + " by id, by order of appearance, by time on screen or as the one longest on screen")));
  }

  static Stream<Arguments> malformed() {
    String dub = "{\"face\":{\"type\":\"unnamed\"},\"audio\":{\"type\":\"url\",\"url\":\"https://example.com/a.mp3\"}}";
    String video = "{\"type\":\"url\",\"url\":\"https://example.com/v.mp4\"}";
    return Stream.of(
        Arguments.of("not JSON", "job JSON at $: "),
        Arguments.of("", "job JSON at $: "),
        Arguments.of("[]", "job JSON at $: "),
        Arguments.of(PLAIN_K1 + "{}", "job JSON at $: malformed JSON"),
        Arguments.of(PLAIN_K1.replace("\"format\":1,", ""), "job JSON at $: missing \"format\""),
        Arguments.of(PLAIN_K1.replace("\"format\":1", "\"format\":2"),
            "job JSON at $.format: format 2 is not 1, the only one this version reads"),
        Arguments.of(PLAIN_K1.replace("\"idempotencyKey\":\"k1\",", ""), "job JSON at $: missing \"idempotencyKey\""),
        Arguments.of(PLAIN_K1.replace("\"type\":\"url\",\"url\":\"https://example.com/a.mp3\"", "\"type\":\"mp4\""),
            "job JSON at $.dubs[0].audio.type: unknown audio type \"mp4\""),
        Arguments.of(PLAIN_K1.replace("{\"type\":\"unnamed\"}", "{\"n\":2}"),
            "job JSON at $.dubs[0].face: missing \"type\""),
        Arguments.of(PLAIN_K1.replace("{\"type\":\"unnamed\"}", "{\"type\":\"nth\"}"),
            "job JSON at $.dubs[0].face: missing \"n\""),
        Arguments.of(PLAIN_K1.replace("{\"type\":\"unnamed\"}", "{\"type\":\"tallest\"}"),
            "job JSON at $.dubs[0].face.type: unknown face type \"tallest\""),
        Arguments.of(PLAIN_K1.replace("\"type\":\"url\",\"url\":\"https://example.com/v.mp4\"", "\"type\":\"file\""),
            "job JSON at $.video.type: unknown video type \"file\""),
        Arguments.of(PLAIN_K1.replace("\"dubs\":[", "\"dubs\":[" + dub + ",").replace("}}]", "},\"clip\":{\"startMs\":1}}]"),
            "job JSON at $.dubs[1].clip: missing \"endMs\""),
        Arguments.of(PLAIN_K1.replace("}}]", "},\"volume\":\"loud\"}]"),
            "job JSON at $.dubs[0].volume: Expected a double"),
        Arguments.of(PLAIN_K1.replace("}}]", "},\"audioLength\":\"6 s\"}]"),
            "job JSON at $.dubs[0].audioLength: \"6 s\" is not an ISO-8601 duration"),
        Arguments.of("{\"format\":1,\"video\":" + video + ",\"dubs\":[{\"face\":{\"type\":\"unnamed\"},"
                + "\"audio\":{\"type\":\"bytes\",\"data\":\"SUQz\",\"format\":\"ogg\"}}],\"idempotencyKey\":\"k\"}",
            "job JSON at $.dubs[0].audio.format: unknown AudioFormat \"ogg\""),
        Arguments.of("{\"format\":1,\"video\":" + video + ",\"dubs\":[{\"face\":{\"type\":\"unnamed\"},"
                + "\"audio\":{\"type\":\"bytes\",\"data\":\"@@\",\"format\":\"mp3\"}}],\"idempotencyKey\":\"k\"}",
            "job JSON at $.dubs[0].audio.data: \"@@\" is not Base64"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void should_refuse_malformed_job_json_naming_the_place(String json, String message) {
    assertThatThrownBy(() -> JobJson.readJob(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void should_refuse_malformed_results_and_attempts_naming_the_place() {
    String json = JobJson.write(SampleJobs.result("k1", STARTED));

    assertThatThrownBy(() -> JobJson.readResult(json.replace("\"startedAt\"", "\"begun\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result JSON at $: missing \"startedAt\"");
    assertThatThrownBy(() -> JobJson.readResult(json.replace("0.4200", "\"cheap\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result JSON at $.estimatedCostUsd: \"cheap\" is not a decimal number");
    assertThatThrownBy(() -> JobJson.readResult(json.replace("\"vendor\":\"apimodels\",\"taskId\"", "\"vendor\":\"Api Models\",\"taskId\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("result JSON at $.taskRef: vendor \"Api Models\" must be");
    assertThatThrownBy(() -> JobJson.readAttempts("[{\"vendor\":\"a\",\"outcome\":\"won\"}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempts JSON at $[0].outcome: unknown Outcome \"won\"");
    assertThatThrownBy(() -> JobJson.readAttempts("[{\"vendor\":\"a\"},{\"outcome\":\"failed\"}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempts JSON at $[0]: missing \"outcome\"");
    assertThatThrownBy(() -> JobJson.readAttempts("{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("attempts JSON at $: Expected BEGIN_ARRAY but was BEGIN_OBJECT");
  }

  @Test
  void should_refuse_a_job_that_breaks_a_rule_of_the_model() {
    String loud = PLAIN_K1.replace("}}]", "},\"volume\":3.0}]");

    assertThatThrownBy(() -> JobJson.readJob(loud))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("dub[0].volume"));
    assertThatThrownBy(() -> JobJson.readJob(PLAIN_K1.replace("https://example.com/v.mp4", "ftp://example.com/v")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void should_ignore_unknown_fields_nulls_and_field_order() {
    String json = "{\"watermark\":false,\"addedLater\":{\"deep\":[1,2,{\"x\":null}]},"
        + "\"dubs\":[{\"audio\":{\"url\":\"https://example.com/a.mp3\",\"type\":\"url\",\"codec\":\"opus\"},"
        + "\"face\":{\"type\":\"unnamed\"},\"volume\":null}],"
        + "\"idempotencyKey\":\"k1\",\"callbackUrl\":null,"
        + "\"video\":{\"url\":\"https://example.com/v.mp4\",\"type\":\"url\"},\"format\":1}";

    assertThat(JobJson.readJob(json)).isEqualTo(SampleJobs.plain("k1"));
  }
}

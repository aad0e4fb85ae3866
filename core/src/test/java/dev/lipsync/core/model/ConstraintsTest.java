package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule {@link LipSyncJob.Builder#build()} checks, at its bound and just past it. */
class ConstraintsTest {
  private static final String VIDEO_URL = "https://example.com/interview.mp4";
  private static final AudioSource AUDIO_URL = AudioSource.url("https://example.com/line.mp3");
  private static final int FIVE_MB = 5 * 1024 * 1024;

  // ---------------------------------------------------------------- helpers

  private static Dub.Builder urlDub() {
    return Dub.builder().audio(AUDIO_URL);
  }

  private static LipSyncJob.Builder jobWith(Dub... dubs) {
    LipSyncJob.Builder job = LipSyncJob.builder().videoUrl(VIDEO_URL);
    for (Dub dub : dubs) {
      job.dub(dub);
    }
    return job;
  }

  private static LipSyncJob.Builder jobSaying(AudioSource audio) {
    return jobWith(Dub.of(audio));
  }

  private static AudioSource.Speech speech(String text) {
    return AudioSource.speech(text, "girlfriend_1_cn", VoiceLanguage.EN);
  }

  private static InvalidRequestException rejected(LipSyncJob.Builder job) {
    Throwable thrown = catchThrowable(job::build);
    assertThat(thrown).isInstanceOf(InvalidRequestException.class);
    return (InvalidRequestException) thrown;
  }

  /** The job is refused for exactly one broken rule, with this message and this violation. */
  private static void assertRejected(
      LipSyncJob.Builder job, String message, String field, String value, String rule) {
    InvalidRequestException e = rejected(job);
    assertThat(e).hasMessage(message);
    assertThat(e.violations()).containsExactly(new Violation(field, value, rule));
    assertThat(e.violations().get(0).message()).isEqualTo(message);
    assertThat(e.vendor()).isNull();
    assertThat(e.httpStatus()).isZero();
  }

  // ---------------------------------------------------------------- a valid job

  @Test
  void should_build_a_job_that_breaks_no_rule() {
    LipSyncJob job =
        jobWith(
                Dub.builder()
                    .face(FaceSelector.nthByAppearance(2))
                    .audio(AUDIO_URL)
                    .clip(0, 4_000)
                    .insertAtMs(1_500)
                    .volume(1.5)
                    .originalVolume(0.2)
                    .build())
            .callbackUrl("https://example.com/hooks/lipsync")
            .timeout(Duration.ofMinutes(15))
            .preferVendors("cometapi")
            .excludeVendors("alad")
            .build();

    assertThat(job.video()).isEqualTo(VideoSource.url(VIDEO_URL));
    assertThat(job.dubs()).hasSize(1);
    assertThat(job.dubs().get(0).clip()).isEqualTo(new AudioClip(0, 4_000));
    assertThat(job.callbackUrl()).isEqualTo(URI.create("https://example.com/hooks/lipsync"));
    assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(job.preferredVendors()).containsExactly("cometapi");
    assertThat(job.excludedVendors()).containsExactly("alad");
  }

  // ---------------------------------------------------------------- clip

  @ParameterizedTest
  @CsvSource({"0, 2000", "0, 60000", "1000, 3000", "500, 60500"})
  void should_accept_a_clip_from_2_to_60_seconds_long(long startMs, long endMs) {
    LipSyncJob job = jobWith(urlDub().clip(startMs, endMs).build()).build();

    assertThat(job.dubs().get(0).clip()).isEqualTo(new AudioClip(startMs, endMs));
  }

  @Test
  void should_reject_a_clip_one_millisecond_shorter_than_2_seconds() {
    assertRejected(
        jobWith(urlDub().clip(0, 1_999).build()),
        "dub[0].clip: 1999 ms is shorter than the 2000 ms minimum",
        "dub[0].clip", "1999 ms", "is shorter than the 2000 ms minimum");
  }

  @Test
  void should_reject_a_clip_one_millisecond_longer_than_60_seconds() {
    assertRejected(
        jobWith(urlDub().clip(0, 60_001).build()),
        "dub[0].clip: 60001 ms is longer than the 60000 ms maximum",
        "dub[0].clip", "60001 ms", "is longer than the 60000 ms maximum");
  }

  @Test
  void should_reject_a_clip_that_ends_before_it_starts() {
    assertRejected(
        jobWith(urlDub().clip(5_000, 1_000).build()),
        "dub[0].clip: -4000 ms is shorter than the 2000 ms minimum",
        "dub[0].clip", "-4000 ms", "is shorter than the 2000 ms minimum");
  }

  @Test
  void should_accept_a_clip_starting_at_0() {
    assertThatCode(() -> jobWith(urlDub().clip(0, 2_000).build()).build()).doesNotThrowAnyException();
  }

  @Test
  void should_reject_a_clip_starting_before_0() {
    assertRejected(
        jobWith(urlDub().clip(-1, 2_999).build()),
        "dub[0].clip.startMs: -1 ms is negative; must be 0 or more",
        "dub[0].clip.startMs", "-1 ms", "is negative; must be 0 or more");
  }

  @Test
  void should_reject_a_clip_on_speech() {
    Dub dub = Dub.builder().audio(speech("Hello there")).clip(0, 4_000).build();

    assertRejected(
        jobWith(dub),
        "dub[0].clip: 0–4000 ms applies to audio files, not to speech the vendor generates",
        "dub[0].clip", "0–4000 ms", "applies to audio files, not to speech the vendor generates");
  }

  // ---------------------------------------------------------------- volumes

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, 2.0})
  void should_accept_volumes_from_0_to_2(double level) {
    LipSyncJob job = jobWith(urlDub().volume(level).originalVolume(level).build()).build();

    assertThat(job.dubs().get(0).volume()).isEqualTo(level);
    assertThat(job.dubs().get(0).originalVolume()).isEqualTo(level);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-0.01 | dub[0].volume: -0.01 is outside the range 0.0 to 2.0",
        "2.01  | dub[0].volume: 2.01 is outside the range 0.0 to 2.0",
        "NaN   | dub[0].volume: NaN is outside the range 0.0 to 2.0"
      })
  void should_reject_a_volume_outside_0_to_2(double level, String message) {
    assertRejected(
        jobWith(urlDub().volume(level).build()),
        message,
        "dub[0].volume", String.valueOf(level), "is outside the range 0.0 to 2.0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-0.01 | dub[0].originalVolume: -0.01 is outside the range 0.0 to 2.0",
        "2.01  | dub[0].originalVolume: 2.01 is outside the range 0.0 to 2.0",
        "NaN   | dub[0].originalVolume: NaN is outside the range 0.0 to 2.0"
      })
  void should_reject_an_original_volume_outside_0_to_2(double level, String message) {
    assertRejected(
        jobWith(urlDub().originalVolume(level).build()),
        message,
        "dub[0].originalVolume", String.valueOf(level), "is outside the range 0.0 to 2.0");
  }

  @Test
  void should_reject_volumes_the_smallest_step_past_either_bound() {
    double belowZero = Math.nextDown(0.0);
    double aboveTwo = Math.nextUp(2.0);

    InvalidRequestException e =
        rejected(jobWith(urlDub().volume(aboveTwo).originalVolume(belowZero).build()));

    assertThat(e.violations())
        .extracting(Violation::field, Violation::value)
        .containsExactly(
            tuple("dub[0].volume", String.valueOf(aboveTwo)),
            tuple("dub[0].originalVolume", String.valueOf(belowZero)));
  }

  // ---------------------------------------------------------------- speech

  @Test
  void should_accept_a_text_of_120_characters() {
    String text = "a".repeat(120);

    LipSyncJob job = jobSaying(speech(text)).build();

    assertThat(((AudioSource.Speech) job.dubs().get(0).audio()).text()).isEqualTo(text);
  }

  @Test
  void should_reject_a_text_of_121_characters() {
    assertRejected(
        jobSaying(speech("a".repeat(121))),
        "dub[0].audio.text: 121 characters is longer than the 120 character maximum",
        "dub[0].audio.text", "121 characters", "is longer than the 120 character maximum");
  }

  @Test
  void should_count_text_length_in_code_points_not_utf16_units() {
    String smile = "\uD83D\uDE00"; // one code point, two chars
    String atLimit = smile.repeat(120);
    assertThat(atLimit).hasSize(240);

    assertThatCode(() -> jobSaying(speech(atLimit)).build()).doesNotThrowAnyException();
    assertRejected(
        jobSaying(speech(atLimit + smile)),
        "dub[0].audio.text: 121 characters is longer than the 120 character maximum",
        "dub[0].audio.text", "121 characters", "is longer than the 120 character maximum");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void should_reject_a_blank_text(String text) {
    assertRejected(
        jobSaying(speech(text)),
        "dub[0].audio.text: \"" + text + "\" must not be blank",
        "dub[0].audio.text", "\"" + text + "\"", "must not be blank");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.8, 1.0, 2.0})
  void should_accept_a_voice_speed_from_0_8_to_2(double speed) {
    LipSyncJob job = jobSaying(speech("Hello").withSpeed(speed)).build();

    assertThat(((AudioSource.Speech) job.dubs().get(0).audio()).speed()).isEqualTo(speed);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.79 | dub[0].audio.speed: 0.79 is outside the range 0.8 to 2.0",
        "2.01 | dub[0].audio.speed: 2.01 is outside the range 0.8 to 2.0",
        "NaN  | dub[0].audio.speed: NaN is outside the range 0.8 to 2.0"
      })
  void should_reject_a_voice_speed_outside_0_8_to_2(double speed, String message) {
    assertRejected(
        jobSaying(speech("Hello").withSpeed(speed)),
        message,
        "dub[0].audio.speed", String.valueOf(speed), "is outside the range 0.8 to 2.0");
  }

  @Test
  void should_reject_voice_speeds_the_smallest_step_past_either_bound() {
    assertThat(rejected(jobSaying(speech("Hello").withSpeed(Math.nextDown(0.8)))).violations())
        .extracting(Violation::field)
        .containsExactly("dub[0].audio.speed");
    assertThat(rejected(jobSaying(speech("Hello").withSpeed(Math.nextUp(2.0)))).violations())
        .extracting(Violation::field)
        .containsExactly("dub[0].audio.speed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void should_reject_a_blank_voice_id(String voiceId) {
    AudioSource.Speech speech = AudioSource.speech("Hello", voiceId, VoiceLanguage.ZH);

    assertRejected(
        jobSaying(speech),
        "dub[0].audio.voiceId: \"" + voiceId + "\" must not be blank",
        "dub[0].audio.voiceId", "\"" + voiceId + "\"", "must not be blank");
  }

  // ---------------------------------------------------------------- audio bytes and ids

  @Test
  void should_accept_audio_of_exactly_5_mb() {
    LipSyncJob job = jobSaying(AudioSource.bytes(new byte[FIVE_MB], AudioFormat.MP3)).build();

    assertThat(((AudioSource.AudioBytes) job.dubs().get(0).audio()).size()).isEqualTo(5_242_880);
  }

  @Test
  void should_reject_audio_one_byte_over_5_mb() {
    assertRejected(
        jobSaying(AudioSource.bytes(new byte[FIVE_MB + 1], AudioFormat.WAV)),
        "dub[0].audio.data: 5242881 bytes is larger than the 5 MB maximum (5242880 bytes)",
        "dub[0].audio.data", "5242881 bytes", "is larger than the 5 MB maximum (5242880 bytes)");
  }

  @Test
  void should_accept_audio_of_one_byte() {
    assertThatCode(() -> jobSaying(AudioSource.bytes(new byte[1], AudioFormat.AAC)).build())
        .doesNotThrowAnyException();
  }

  @Test
  void should_reject_empty_audio() {
    assertRejected(
        jobSaying(AudioSource.bytes(new byte[0], AudioFormat.M4A)),
        "dub[0].audio.data: 0 bytes is empty",
        "dub[0].audio.data", "0 bytes", "is empty");
  }

  @Test
  void should_reject_a_blank_vendor_audio_id() {
    assertRejected(
        jobSaying(AudioSource.vendorAudio(" ")),
        "dub[0].audio.id: \" \" must not be blank",
        "dub[0].audio.id", "\" \"", "must not be blank");
  }

  @ParameterizedTest
  @CsvSource({
    "line.mp3, MP3",
    "line.wav, WAV",
    "line.m4a, M4A",
    "line.aac, AAC",
    "LINE.MP3, MP3",
    "take.2.Wav, WAV",
    "/tmp/voice/line.m4a, M4A"
  })
  void should_take_the_audio_format_from_the_file_name(String fileName, AudioFormat expected) {
    assertThat(AudioFormat.fromFileName(fileName)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"line.ogg", "line.flac", "line", "line.mp3.txt", "mp3", "line."})
  void should_reject_an_audio_file_name_of_another_format(String fileName) {
    Throwable thrown = catchThrowable(() -> AudioFormat.fromFileName(fileName));

    assertThat(thrown)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("audio.format: " + fileName + " must be an mp3, wav, m4a or aac file");
    assertThat(((InvalidRequestException) thrown).violations())
        .containsExactly(
            new Violation("audio.format", fileName, "must be an mp3, wav, m4a or aac file"));
  }

  @ParameterizedTest
  @CsvSource({"zh, ZH", "en, EN", "EN, EN", "' zh ', ZH"})
  void should_read_a_voice_language_code(String code, VoiceLanguage expected) {
    assertThat(VoiceLanguage.fromCode(code)).isEqualTo(expected);
    assertThat(expected.code()).isEqualTo(code.strip().toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fr", "", "zh-CN", "english"})
  void should_reject_another_voice_language_code(String code) {
    Throwable thrown = catchThrowable(() -> VoiceLanguage.fromCode(code));

    assertThat(thrown)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("speech.language: " + code + " must be zh or en");
    assertThat(((InvalidRequestException) thrown).violations())
        .containsExactly(new Violation("speech.language", code, "must be zh or en"));
  }

  // ---------------------------------------------------------------- video

  @Test
  void should_accept_a_vendor_video_id() {
    LipSyncJob job = LipSyncJob.builder().videoId("vid-42").audio(AUDIO_URL).build();

    assertThat(job.video()).isEqualTo(VideoSource.vendorVideo("vid-42"));
  }

  @Test
  void should_reject_a_job_without_video() {
    assertRejected(
        LipSyncJob.builder().audio(AUDIO_URL),
        "video: (none) must be exactly one of a video URL or a vendor video id",
        "video", "(none)", "must be exactly one of a video URL or a vendor video id");
  }

  @Test
  void should_reject_a_job_with_two_videos() {
    assertRejected(
        LipSyncJob.builder().videoUrl(VIDEO_URL).videoId("vid-42").audio(AUDIO_URL),
        "video: 2 videos must be exactly one of a video URL or a vendor video id",
        "video", "2 videos", "must be exactly one of a video URL or a vendor video id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void should_reject_a_blank_vendor_video_id(String videoId) {
    assertRejected(
        LipSyncJob.builder().videoId(videoId).audio(AUDIO_URL),
        "video.id: \"" + videoId + "\" must not be blank",
        "video.id", "\"" + videoId + "\"", "must not be blank");
  }

  // ---------------------------------------------------------------- faces and dubs

  @Test
  void should_reject_a_job_without_dubs() {
    assertRejected(
        LipSyncJob.builder().videoUrl(VIDEO_URL),
        "dubs: (none) must hold at least one dub",
        "dubs", "(none)", "must hold at least one dub");
  }

  @Test
  void should_accept_one_audio_for_each_of_several_faces() {
    LipSyncJob job =
        jobWith(
                urlDub().face(FaceSelector.nthByAppearance(1)).build(),
                urlDub().face(FaceSelector.nthByAppearance(2)).build(),
                urlDub().face(FaceSelector.longestOnScreen()).build())
            .build();

    assertThat(job.dubs()).extracting(Dub::face)
        .containsExactly(
            FaceSelector.nthByAppearance(1),
            FaceSelector.nthByAppearance(2),
            FaceSelector.longestOnScreen());
  }

  @Test
  void should_reject_two_dubs_for_the_same_face() {
    FaceSelector second = FaceSelector.nthByAppearance(2);

    assertRejected(
        jobWith(urlDub().face(second).build(), urlDub().face(second).build()),
        "dub[1].face: " + second + " is already dubbed by dub[0]; each face takes exactly one audio source",
        "dub[1].face", String.valueOf(second),
        "is already dubbed by dub[0]; each face takes exactly one audio source");
  }

  @Test
  void should_reject_a_dub_naming_face_1_beside_one_that_names_no_face() {
    // Wherever a face can be chosen, the unnamed default is face 1: the two would share it.
    assertRejected(
        jobWith(urlDub().build(), urlDub().face(FaceSelector.first()).build()),
        "dub[1].face: " + FaceSelector.first()
            + " is already dubbed by dub[0]; each face takes exactly one audio source",
        "dub[1].face", String.valueOf(FaceSelector.first()),
        "is already dubbed by dub[0]; each face takes exactly one audio source");
  }

  @Test
  void should_accept_all_faces_in_a_single_dub() {
    LipSyncJob job = jobWith(urlDub().face(FaceSelector.all()).build()).build();

    assertThat(job.dubs().get(0).face()).isEqualTo(FaceSelector.all());
  }

  @Test
  void should_reject_all_faces_combined_with_another_dub() {
    FaceSelector all = FaceSelector.all();

    assertRejected(
        jobWith(urlDub().face(all).build(), urlDub().face(FaceSelector.nthByAppearance(2)).build()),
        "dub[0].face: " + all + " cannot be combined with other dubs; each face takes exactly one audio source",
        "dub[0].face", String.valueOf(all),
        "cannot be combined with other dubs; each face takes exactly one audio source");
  }

  @Test
  void should_accept_the_first_face_by_appearance() {
    assertThatCode(() -> jobWith(urlDub().face(FaceSelector.nthByAppearance(1)).build()).build())
        .doesNotThrowAnyException();
  }

  @Test
  void should_reject_the_0th_face_by_appearance() {
    assertRejected(
        jobWith(urlDub().face(FaceSelector.nthByAppearance(0)).build()),
        "dub[0].face: 0 must be 1 or more (faces count from 1 by order of appearance)",
        "dub[0].face", "0", "must be 1 or more (faces count from 1 by order of appearance)");
  }

  @Test
  void should_accept_audio_inserted_at_0() {
    LipSyncJob job = jobWith(urlDub().insertAtMs(0).build()).build();

    assertThat(job.dubs().get(0).insertAtMs()).isZero();
  }

  @Test
  void should_reject_audio_inserted_before_0() {
    assertRejected(
        jobWith(urlDub().insertAtMs(-1).build()),
        "dub[0].insertAtMs: -1 ms is negative; must be 0 or more",
        "dub[0].insertAtMs", "-1 ms", "is negative; must be 0 or more");
  }

  @Test
  void should_name_the_dub_by_its_place_in_the_job() {
    LipSyncJob.Builder job =
        jobWith(
            urlDub().face(FaceSelector.nthByAppearance(1)).build(),
            urlDub().face(FaceSelector.nthByAppearance(2)).build(),
            urlDub().face(FaceSelector.nthByAppearance(3)).volume(3).build());

    assertThat(rejected(job).violations()).extracting(Violation::field)
        .containsExactly("dub[2].volume");
  }

  // ---------------------------------------------------------------- callback URL

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/hooks/lipsync", "http://10.0.0.1:8080/cb", "HTTPS://EXAMPLE.COM/cb"})
  void should_accept_an_absolute_http_callback_url(String url) {
    LipSyncJob job = jobSaying(AUDIO_URL).callbackUrl(url).build();

    assertThat(job.callbackUrl()).isEqualTo(URI.create(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/cb", "/hooks/lipsync", "example.com/cb", "http://", "mailto:ops@example.com", "https://exa mple.com/cb"})
  void should_reject_a_callback_url_that_is_not_absolute_http(String url) {
    assertRejected(
        jobSaying(AUDIO_URL).callbackUrl(url),
        "callbackUrl: " + url + " must be an absolute http or https URL",
        "callbackUrl", url, "must be an absolute http or https URL");
  }

  // ---------------------------------------------------------------- idempotency key

  @Test
  void should_keep_a_given_idempotency_key() {
    LipSyncJob job = jobSaying(AUDIO_URL).idempotencyKey("order-4711/line-3").build();

    assertThat(job.idempotencyKey()).isEqualTo("order-4711/line-3");
  }

  @Test
  void should_accept_an_idempotency_key_of_128_characters() {
    String key = "k".repeat(128);

    assertThat(jobSaying(AUDIO_URL).idempotencyKey(key).build().idempotencyKey()).isEqualTo(key);
  }

  @Test
  void should_reject_an_idempotency_key_of_129_characters() {
    assertRejected(
        jobSaying(AUDIO_URL).idempotencyKey("k".repeat(129)),
        "idempotencyKey: 129 characters must be 1 to 128 printable ASCII characters without spaces",
        "idempotencyKey", "129 characters",
        "must be 1 to 128 printable ASCII characters without spaces");
  }

  @ParameterizedTest
  @ValueSource(strings = {"order 4711", "", " ", "order-4711\n", "clé-1"})
  void should_reject_an_idempotency_key_with_spaces_or_other_unprintable_characters(String key) {
    assertRejected(
        jobSaying(AUDIO_URL).idempotencyKey(key),
        "idempotencyKey: \"" + key + "\" must be 1 to 128 printable ASCII characters without spaces",
        "idempotencyKey", "\"" + key + "\"",
        "must be 1 to 128 printable ASCII characters without spaces");
  }

  @Test
  void should_shorten_a_long_rejected_value_once_and_keep_its_length() {
    String key = "k".repeat(70) + " " + "k".repeat(29);

    InvalidRequestException e = rejected(jobSaying(AUDIO_URL).idempotencyKey(key));

    assertThat(e.violations().get(0).value()).isEqualTo("\"" + "k".repeat(60) + "…(100 chars)\"");
  }

  @Test
  void should_generate_an_idempotency_key_that_differs_between_builds() {
    LipSyncJob.Builder builder = jobSaying(AUDIO_URL);

    String first = builder.build().idempotencyKey();
    String second = builder.build().idempotencyKey();
    String third = jobSaying(AUDIO_URL).build().idempotencyKey();

    assertThat(first).isNotBlank().hasSizeLessThanOrEqualTo(128).matches("[\\x21-\\x7e]+");
    assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
  }

  // ---------------------------------------------------------------- timeout and vendors

  @Test
  void should_accept_the_shortest_positive_timeout() {
    assertThat(jobSaying(AUDIO_URL).timeout(Duration.ofNanos(1)).build().timeout())
        .isEqualTo(Duration.ofNanos(1));
  }

  @ParameterizedTest
  @CsvSource({"PT0S", "PT-1S", "PT-0.000000001S"})
  void should_reject_a_timeout_that_is_not_positive(String text) {
    Duration timeout = Duration.parse(text);

    assertRejected(
        jobSaying(AUDIO_URL).timeout(timeout),
        "timeout: " + timeout + " must be positive",
        "timeout", timeout.toString(), "must be positive");
  }

  @Test
  void should_reject_a_vendor_both_preferred_and_excluded() {
    assertRejected(
        jobSaying(AUDIO_URL).preferVendors("cometapi", "alad").excludeVendors("alad", "apimodels"),
        "preferredVendors: alad is also excluded; a vendor is either preferred or excluded",
        "preferredVendors", "alad", "is also excluded; a vendor is either preferred or excluded");
  }

  // ---------------------------------------------------------------- many violations

  @Test
  void should_report_every_violation_in_one_exception() {
    LipSyncJob.Builder job =
        LipSyncJob.builder()
            .callbackUrl("ftp://example.com/cb")
            .idempotencyKey("has space")
            .timeout(Duration.ZERO)
            .dub(urlDub().clip(0, 1_000).volume(5).build())
            .dub(urlDub().audio(speech("b".repeat(121)).withSpeed(3)).build())
            .preferVendors("alad")
            .excludeVendors("alad");

    InvalidRequestException e = rejected(job);

    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactly(
            "video",
            "callbackUrl",
            "idempotencyKey",
            "timeout",
            "dub[0].clip",
            "dub[0].volume",
            "dub[1].face",
            "dub[1].audio.text",
            "dub[1].audio.speed",
            "preferredVendors");
    assertThat(e).hasMessage(
        "video: (none) must be exactly one of a video URL or a vendor video id"
            + "; callbackUrl: ftp://example.com/cb must be an absolute http or https URL"
            + "; idempotencyKey: \"has space\" must be 1 to 128 printable ASCII characters without spaces"
            + "; timeout: PT0S must be positive"
            + "; dub[0].clip: 1000 ms is shorter than the 2000 ms minimum"
            + "; dub[0].volume: 5.0 is outside the range 0.0 to 2.0"
            + "; dub[1].face: " + FaceSelector.unnamed()
            + " is already dubbed by dub[0]; each face takes exactly one audio source"
            + "; dub[1].audio.text: 121 characters is longer than the 120 character maximum"
            + "; dub[1].audio.speed: 3.0 is outside the range 0.8 to 2.0"
            + "; preferredVendors: alad is also excluded; a vendor is either preferred or excluded");
  }
}

package dev.lipsync.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities.FaceChoosing;
import dev.lipsync.core.provider.Capabilities.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  private static final AudioSource AUDIO_URL = AudioSource.url("https://example.com/line.mp3");

  /** Everything but text, up to four faces. */
  private static final Mode ADVANCED =
      Mode.builder("advanced")
          .videos(VideoKind.URL, VideoKind.VENDOR_VIDEO)
          .audio(AudioKind.URL, AudioKind.BYTES, AudioKind.VENDOR_AUDIO)
          .maxFaces(4)
          .faceChoosing(FaceChoosing.BY_ID)
          .clipTiming(true)
          .insertTime(true)
          .volumes(true)
          .build();

  /** Chinese text only, on a video by URL, one face. */
  private static final Mode TEXT_ZH = Mode.builder("text").videos(VideoKind.URL).speech(VoiceLanguage.ZH).build();

  /** An audio URL on a video URL, one face, no settings. */
  private static final Mode BASIC = Mode.builder("basic").videos(VideoKind.URL).audio(AudioKind.URL).build();

  private static Capabilities only(Mode mode) {
    return Capabilities.builder().mode(mode).build();
  }

  private static LipSyncJob.Builder job() {
    return LipSyncJob.builder().videoUrl("https://example.com/v.mp4");
  }

  private static Dub.Builder dub() {
    return Dub.builder().audio(AUDIO_URL);
  }

  private static LipSyncJob speechJob(VoiceLanguage language) {
    return job().audio(AudioSource.speech("你好", "girlfriend_1_cn", language)).build();
  }

  private static LipSyncJob dubsForFaces(int count) {
    return dubsForFaces(count, true);
  }

  private static LipSyncJob dubsForFaces(int count, boolean chaining) {
    LipSyncJob.Builder job = job().chaining(chaining);
    for (int n = 1; n <= count; n++) {
      job.dub(dub().face(FaceSelector.nthByAppearance(n)).build());
    }
    return job.build();
  }

  // ---------------------------------------------------------------- one mode

  @Test
  void should_refuse_text_where_no_mode_speaks_naming_text_mode() {
    assertThat(only(ADVANCED).whyNot(speechJob(VoiceLanguage.ZH)))
        .hasValue("takes no text to speak (text mode)");
  }

  @Test
  void should_refuse_text_in_a_language_the_mode_does_not_speak() {
    assertThat(only(TEXT_ZH).whyNot(speechJob(VoiceLanguage.EN))).hasValue("speaks no en");
    assertThat(only(TEXT_ZH).whyNot(speechJob(VoiceLanguage.ZH))).isEmpty();
  }

  @Test
  void should_refuse_a_video_kind_the_mode_does_not_take() {
    LipSyncJob byId = LipSyncJob.builder().videoId("vid-1").audio(AUDIO_URL).build();

    assertThat(only(BASIC).whyNot(byId)).hasValue("takes no video by vendor video id");
    assertThat(only(ADVANCED).whyNot(byId)).isEmpty();
  }

  @Test
  void should_refuse_an_audio_kind_the_mode_does_not_take() {
    LipSyncJob bytes = job().audio(AudioSource.bytes(new byte[] {1, 2, 3}, AudioFormat.MP3)).build();
    LipSyncJob vendorAudio = job().audio(AudioSource.vendorAudio("audio-9")).build();

    assertThat(only(BASIC).whyNot(bytes)).hasValue("takes no audio as bytes");
    assertThat(only(BASIC).whyNot(vendorAudio)).hasValue("takes no audio by vendor audio id");
    assertThat(only(TEXT_ZH).whyNot(job().audio(AUDIO_URL).build())).hasValue("takes no audio by URL");
  }

  @Test
  void should_refuse_more_dubs_than_the_mode_has_faces_when_the_job_forbids_a_chain() {
    assertThat(only(ADVANCED).whyNot(dubsForFaces(4, false))).isEmpty();
    assertThat(only(ADVANCED).whyNot(dubsForFaces(5, false)))
        .hasValue("dubs at most 4 faces per task (the job forbids a chain of tasks)");
    assertThat(only(BASIC).whyNot(dubsForFaces(1, false))).isEmpty();
    assertThat(only(BASIC).whyNot(dubsForFaces(2, false)))
        .hasValue("dubs at most 1 face per task (the job forbids a chain of tasks)");
  }

  @Test
  void should_take_more_dubs_than_the_mode_has_faces_as_a_chain_of_tasks() {
    assertThat(only(ADVANCED).whyNot(dubsForFaces(5))).isEmpty();
    assertThat(ADVANCED.chains(dubsForFaces(5))).isTrue();
    assertThat(ADVANCED.chains(dubsForFaces(4))).as("fits in one task").isFalse();
    assertThat(BASIC.chains(dubsForFaces(2))).isTrue();
  }

  @Test
  void should_refuse_all_faces_where_a_mode_dubs_one_face() {
    LipSyncJob all = job().dub(dub().face(FaceSelector.all()).build()).build();

    assertThat(only(BASIC).whyNot(all))
        .hasValue("dubs at most 1 face per task (\"all faces\" is dubbed in one task, never in a chain)");
    assertThat(BASIC.chains(all)).isFalse();
  }

  @Test
  void should_refuse_a_voice_speed_where_the_mode_cannot_change_it() {
    Mode fixedSpeed = Mode.builder("tts").videos(VideoKind.URL).speech(VoiceLanguage.EN).build();
    Mode anySpeed = Mode.builder("tts").videos(VideoKind.URL).speech(VoiceLanguage.EN).voiceSpeed(true).build();
    LipSyncJob fast = job().dub(Dub.of(AudioSource.speech("Hello", "uk_boy1", VoiceLanguage.EN).withSpeed(1.5))).build();
    LipSyncJob normal = job().dub(Dub.of(AudioSource.speech("Hello", "uk_boy1", VoiceLanguage.EN))).build();

    assertThat(only(fixedSpeed).whyNot(fast)).hasValue("cannot change the voice's speed (1.5)");
    assertThat(only(fixedSpeed).whyNot(normal)).isEmpty();
    assertThat(only(anySpeed).whyNot(fast)).isEmpty();
  }

  @Test
  void should_route_all_faces_to_a_mode_that_dubs_several() {
    LipSyncJob all = job().dub(dub().face(FaceSelector.all()).build()).build();

    assertThat(only(ADVANCED).whyNot(all)).isEmpty();
  }

  @Test
  void should_refuse_a_clip_where_the_mode_cannot_cut_audio() {
    LipSyncJob clipped = job().dub(dub().clip(0, 4_000).build()).build();

    assertThat(only(BASIC).whyNot(clipped)).hasValue("cannot cut the audio to a clip");
    assertThat(only(ADVANCED).whyNot(clipped)).isEmpty();
  }

  @Test
  void should_refuse_an_insert_time_where_the_mode_cannot_place_audio() {
    LipSyncJob placed = job().dub(dub().insertAtMs(0).build()).build();

    assertThat(only(BASIC).whyNot(placed)).hasValue("cannot place the audio at a chosen time");
    assertThat(only(ADVANCED).whyNot(placed)).isEmpty();
  }

  @Test
  void should_refuse_either_volume_where_the_mode_cannot_set_volumes() {
    LipSyncJob louder = job().dub(dub().volume(1.5).build()).build();
    LipSyncJob quieter = job().dub(dub().originalVolume(0.2).build()).build();

    assertThat(only(BASIC).whyNot(louder)).hasValue("cannot set volumes");
    assertThat(only(BASIC).whyNot(quieter)).hasValue("cannot set volumes");
    assertThat(only(ADVANCED).whyNot(louder)).isEmpty();
    assertThat(only(ADVANCED).whyNot(quieter)).isEmpty();
  }

  @Test
  void should_check_every_dub_not_only_the_first() {
    LipSyncJob job =
        job()
            .dub(dub().face(FaceSelector.nthByAppearance(1)).build())
            .dub(dub().face(FaceSelector.nthByAppearance(2)).volume(0.5).build())
            .build();
    Mode plainTwoFaces = Mode.builder("plain").videos(VideoKind.URL).audio(AudioKind.URL).maxFaces(2).build();

    assertThat(only(plainTwoFaces).whyNot(job)).hasValue("cannot set volumes");
  }

  @Test
  void should_serve_a_job_the_mode_fully_serves() {
    LipSyncJob everything =
        LipSyncJob.builder()
            .videoId("vid-7")
            .dub(
                Dub.builder()
                    .face(FaceSelector.longestOnScreen())
                    .audio(AudioSource.bytes(new byte[] {1}, AudioFormat.WAV))
                    .clip(0, 10_000)
                    .insertAtMs(2_000)
                    .volume(2)
                    .originalVolume(0)
                    .build())
            .dub(dub().face(FaceSelector.nthByAppearance(2)).build())
            .build();

    assertThat(only(ADVANCED).whyNot(everything)).isEmpty();
    assertThat(only(ADVANCED).modesFor(everything)).containsExactly(ADVANCED);
  }

  // ---------------------------------------------------------------- several modes

  @Test
  void should_name_every_mode_and_its_reason_when_none_serves() {
    Capabilities twoModes = Capabilities.builder().mode(BASIC).mode(TEXT_ZH).build();
    LipSyncJob withVolume = job().dub(dub().volume(0.5).build()).build();

    assertThat(twoModes.whyNot(withVolume))
        .hasValue("basic: cannot set volumes; text: takes no audio by URL");
    assertThat(twoModes.modesFor(withVolume)).isEmpty();
  }

  @Test
  void should_serve_a_job_when_any_mode_serves_it() {
    Capabilities twoModes = Capabilities.builder().mode(BASIC).mode(TEXT_ZH).build();
    LipSyncJob text = speechJob(VoiceLanguage.ZH);

    assertThat(twoModes.whyNot(text)).isEmpty();
    assertThat(twoModes.modesFor(text)).containsExactly(TEXT_ZH);
  }

  @Test
  void should_list_the_serving_modes_in_the_vendors_order() {
    Capabilities threeModes = Capabilities.builder().mode(ADVANCED).mode(TEXT_ZH).mode(BASIC).build();

    assertThat(threeModes.modesFor(job().audio(AUDIO_URL).build())).containsExactly(ADVANCED, BASIC);
  }

  // ---------------------------------------------------------------- submits, with the session

  private static SubmitRequest submit(int facesInSession, ResolvedDub... dubs) {
    List<Face> faces = new ArrayList<>();
    for (int n = 1; n <= facesInSession; n++) {
      faces.add(Face.of("face-" + n));
    }
    FaceSession session =
        new FaceSession("kling", "session-1", VideoSource.url("https://example.com/v.mp4"), faces);
    return new SubmitRequest(session, List.of(dubs), null, "key-1");
  }

  private static ResolvedDub resolved(String faceId, Dub dub) {
    return ResolvedDub.of(dub, Face.of(faceId));
  }

  @Test
  void should_send_a_submit_to_a_mode_without_face_choice_only_for_a_single_face() {
    ResolvedDub plain = resolved("face-1", dub().build());

    assertThat(BASIC.whyNot(submit(1, plain))).isEmpty();
    assertThat(BASIC.whyNot(submit(2, plain)))
        .hasValue("cannot choose a face, and the vendor found 2 faces in the video");
    assertThat(ADVANCED.whyNot(submit(3, plain))).isEmpty();
  }

  @Test
  void should_check_the_resolved_dubs_of_a_submit() {
    ResolvedDub louder = resolved("face-1", dub().volume(1.5).build());
    ResolvedDub second = resolved("face-2", dub().build());

    assertThat(BASIC.whyNot(submit(1, louder))).hasValue("cannot set volumes");
    assertThat(ADVANCED.whyNot(submit(2, louder, second))).isEmpty();
    assertThat(BASIC.whyNot(submit(2, louder, second))).hasValue("dubs at most 1 face per task");
  }

  // ---------------------------------------------------------------- a mode told the face by its picture

  /** alad's: a picture of the face, no face id. */
  private static final Mode BY_PICTURE =
      Mode.builder("pictured").videos(VideoKind.URL).audio(AudioKind.URL).faceChoosing(FaceChoosing.BY_PICTURE).build();
  private static final URI PICTURE = URI.create("https://cdn.example.com/faces/ben.png");

  /** A submit of one dub on {@code face}, chosen by {@code selector}, in a session of two faces. */
  private static SubmitRequest twoFaceSubmit(FaceSelector selector, Face face) {
    FaceSession session = new FaceSession("alad", "session-1", VideoSource.url("https://example.com/v.mp4"),
        List.of(Face.of("face-1"), Face.of("face-2")));
    return new SubmitRequest(session, List.of(ResolvedDub.of(dub().face(selector).build(), face)),
        List.of(selector), null, "key-1");
  }

  @Test
  void should_leave_an_unnamed_face_among_several_to_a_vendor_told_faces_by_picture() {
    SubmitRequest request = twoFaceSubmit(FaceSelector.unnamed(), Face.of("face-1"));

    assertThat(BY_PICTURE.whyNot(request)).isEmpty();
    assertThat(BY_PICTURE.leavesFaceToVendor(request.session(), FaceSelector.unnamed(), Face.of("face-1"))).isTrue();
    assertThat(BASIC.whyNot(request)).hasValue("cannot choose a face, and the vendor found 2 faces in the video");
    assertThat(ADVANCED.leavesFaceToVendor(request.session(), FaceSelector.unnamed(), Face.of("face-1"))).isFalse();
  }

  @Test
  void should_refuse_a_named_face_among_several_without_a_picture_naming_the_selector() {
    SubmitRequest request = twoFaceSubmit(FaceSelector.nthByAppearance(2), Face.of("face-2"));

    assertThat(BY_PICTURE.whyNot(request)).hasValue("takes no face id, and no picture is known of the face dub[0]"
        + " names (NthByAppearance[n=2]); the vendor found 2 faces in the video");
    assertThat(catchThrowable(() -> only(BY_PICTURE).modeFor("alad", request)))
        .isInstanceOf(NotSupportedException.class)
        .hasMessage("[alad] cannot serve this request: takes no face id, and no picture is known of the face"
            + " dub[0] names (NthByAppearance[n=2]); the vendor found 2 faces in the video");
    assertThat(ADVANCED.whyNot(request)).isEmpty();
  }

  @Test
  void should_serve_a_named_face_by_its_picture_or_when_it_is_the_only_face() {
    Face pictured = Face.builder("face-2").imageUrl(PICTURE).build();
    SubmitRequest withPicture = twoFaceSubmit(FaceSelector.nthByAppearance(2), pictured);
    SubmitRequest onlyFace = submit(1, resolved("face-1", dub().face(FaceSelector.nthByAppearance(1)).build()));

    assertThat(BY_PICTURE.whyNot(withPicture)).isEmpty();
    assertThat(BY_PICTURE.leavesFaceToVendor(withPicture.session(), FaceSelector.unnamed(), pictured))
        .as("a picture tells the vendor the face, named or not").isFalse();
    assertThat(BY_PICTURE.whyNot(onlyFace)).isEmpty();
    assertThat(BY_PICTURE.leavesFaceToVendor(onlyFace.session(), FaceSelector.unnamed(), Face.of("face-1")))
        .as("one face leaves nothing to choose").isFalse();
  }

  @Test
  void should_count_a_face_the_caller_chose_itself_as_named_by_its_id() {
    SubmitRequest chosenByCaller = submit(2, resolved("face-2", dub().build()));

    assertThat(chosenByCaller.selectors()).containsExactly(FaceSelector.byId("face-2"));
    assertThat(BY_PICTURE.whyNot(chosenByCaller)).hasValue("takes no face id, and no picture is known of the face"
        + " dub[0] names (ById[faceId=face-2]); the vendor found 2 faces in the video");
  }

  @Test
  void should_refuse_a_submit_whose_selectors_do_not_match_its_dubs() {
    FaceSession session = new FaceSession("alad", "s", VideoSource.url("https://example.com/v.mp4"),
        List.of(Face.of("face-1")));
    List<ResolvedDub> dubs = List.of(resolved("face-1", dub().build()));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SubmitRequest(session, dubs, List.of(), null, "key-1"))
        .withMessage("selectors.size() 0 != dubs.size() 1");
  }

  @Test
  void should_say_whether_some_mode_takes_face_pictures() {
    assertThat(Capabilities.builder().mode(ADVANCED).mode(BY_PICTURE).build().takesFacePictures()).isTrue();
    assertThat(Capabilities.builder().mode(ADVANCED).mode(BASIC).build().takesFacePictures()).isFalse();
    assertThat(BASIC.faceChoosing()).as("the builder's default").isEqualTo(FaceChoosing.NONE);
  }

  @Test
  void should_pick_the_first_mode_that_serves_a_submit() {
    Capabilities capabilities = Capabilities.builder().mode(BASIC).mode(ADVANCED).build();

    assertThat(capabilities.modeFor("kling", submit(1, resolved("face-1", dub().build())))).isSameAs(BASIC);
    assertThat(capabilities.modeFor("kling", submit(3, resolved("face-2", dub().build())))).isSameAs(ADVANCED);
  }

  @Test
  void should_refuse_a_submit_no_mode_serves_naming_each_mode() {
    Capabilities capabilities = Capabilities.builder().mode(BASIC).mode(TEXT_ZH).build();
    SubmitRequest twoFaces = submit(2, resolved("face-1", dub().build()));

    Throwable thrown = catchThrowable(() -> capabilities.modeFor("kling", twoFaces));

    assertThat(thrown)
        .isInstanceOf(NotSupportedException.class)
        .hasMessage("[kling] cannot serve this request: basic: cannot choose a face, and the vendor"
            + " found 2 faces in the video; text: takes no audio by URL");
    assertThat(((NotSupportedException) thrown).kind()).isEqualTo(FailureKind.NOT_SUPPORTED);
  }

  // ---------------------------------------------------------------- building

  @Test
  void should_keep_the_flags_it_was_built_with() {
    Capabilities capabilities =
        Capabilities.builder().mode(BASIC).callbacks(true).idempotencyKeys(true).cancels(true).build();

    assertThat(capabilities.callbacks()).isTrue();
    assertThat(capabilities.idempotencyKeys()).isTrue();
    assertThat(capabilities.findsTasksByIdempotencyKey()).isFalse();
    assertThat(capabilities.cancels()).isTrue();
  }

  @Test
  void should_refuse_a_vendor_without_modes() {
    assertThatIllegalStateException().isThrownBy(() -> Capabilities.builder().build());
  }

  @Test
  void should_refuse_a_mode_without_video_or_audio() {
    assertThatIllegalStateException().isThrownBy(() -> Mode.builder("x").audio(AudioKind.URL).build());
    assertThatIllegalStateException().isThrownBy(() -> Mode.builder("x").videos(VideoKind.URL).build());
  }

  @Test
  void should_refuse_fewer_than_one_face() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Mode.builder("x").videos(VideoKind.URL).audio(AudioKind.URL).maxFaces(0).build());
  }

  @Test
  void should_refuse_speech_without_languages_and_languages_without_speech() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Mode("x", Set.of(VideoKind.URL), Set.of(AudioKind.SPEECH), Set.of(),
            1, FaceChoosing.NONE, false, false, false, false, false, false, false));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Mode("x", Set.of(VideoKind.URL), Set.of(AudioKind.URL),
            Set.of(VoiceLanguage.EN), 1, FaceChoosing.NONE, false, false, false, false, false, false, false));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Mode("x", Set.of(VideoKind.URL), Set.of(AudioKind.URL),
            Set.of(), 1, FaceChoosing.NONE, false, false, false, true, false, false, false));
  }

  @Test
  void should_refuse_speech_first_without_vendor_audio() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Mode("x", Set.of(VideoKind.URL), Set.of(AudioKind.URL, AudioKind.SPEECH),
            Set.of(VoiceLanguage.EN), 1, FaceChoosing.NONE, false, false, false, false, false, false, true))
        .withMessage("a mode that speaks text first speaks some language and takes vendor audio");
    assertThat(Mode.builder("tts").videos(VideoKind.URL).speechFirst(VoiceLanguage.EN).build().audio())
        .containsExactlyInAnyOrder(AudioKind.SPEECH, AudioKind.VENDOR_AUDIO);
  }

  @Test
  void should_refuse_a_required_clip_without_clip_timing() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Mode("x", Set.of(VideoKind.URL), Set.of(AudioKind.URL), Set.of(), 1,
            FaceChoosing.NONE, false, false, false, false, true, false, false));
  }

  @Test
  void should_take_a_dub_without_a_clip_where_the_clip_is_required_only_when_its_audio_length_is_known() {
    Mode kling = Mode.builder("advanced").videos(VideoKind.URL)
        .audio(AudioKind.URL, AudioKind.VENDOR_AUDIO).clipRequired(true).build();
    LipSyncJob unmeasured = LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3")).build();
    LipSyncJob measured = unmeasured.withDubs(
        List.of(unmeasured.dubs().get(0).withAudioLength(Duration.ofMillis(7_500))));
    LipSyncJob clipped = LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .dub(Dub.builder().audio(AudioSource.vendorAudio("tts-1")).clip(0, 3_000).build()).build();
    LipSyncJob vendorAudio = LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.vendorAudio("tts-1")).build();

    assertThat(kling.clipTiming()).isTrue();
    assertThat(kling.whyNot(unmeasured)).hasValueSatisfying(why -> assertThat(why)
        .contains("requires the clip's times").contains("Dub.clip")
        .contains("--audio-start-ms").contains("--audio-end-ms"));
    assertThat(kling.whyNot(measured)).isEmpty();
    assertThat(kling.whyNot(clipped)).isEmpty();
    assertThat(kling.whyNot(vendorAudio)).isPresent();
  }

  @Test
  void should_send_a_job_asking_for_a_watermark_only_to_a_mode_that_makes_one() {
    Mode plain = Mode.builder("plain").videos(VideoKind.URL).audio(AudioKind.URL).build();
    Mode marking = Mode.builder("marking").videos(VideoKind.URL).audio(AudioKind.URL).watermark(true).build();
    LipSyncJob watermarked = LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3")).watermark(true).build();
    LipSyncJob unmarked = LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3")).build();

    assertThat(plain.whyNot(watermarked)).hasValue("makes no watermarked copy");
    assertThat(marking.whyNot(watermarked)).isEmpty();
    assertThat(plain.whyNot(unmarked)).isEmpty();
    assertThat(marking.whyNot(unmarked)).isEmpty();
  }
}

package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.FailureKind;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FaceSelectorTest {
  private static final String VENDOR = "kling";

  // Three people: "bob" appears first, then "carol", then "alice".
  private static final Face ALICE = timed("alice", 4_000, 6_000);
  private static final Face BOB = timed("bob", 1_000, 9_000);
  private static final Face CAROL = timed("carol", 2_500, 3_500);

  private static Face timed(String id, long startMs, long endMs) {
    return new Face(id, startMs, endMs, null, null);
  }

  private static Face boxed(String id, int width, int height) {
    return new Face(id, null, null, null, new BoundingBox(0, 0, width, height));
  }

  private static FaceSession session(Face... faces) {
    return new FaceSession(VENDOR, "session-1", VideoSource.vendorVideo("video-1"), List.of(faces));
  }

  private static ContentRejectedException rejection(FaceSelector selector, FaceSession session) {
    Throwable thrown = catchThrowable(() -> selector.resolve(session));
    assertThat(thrown).isInstanceOf(ContentRejectedException.class);
    ContentRejectedException e = (ContentRejectedException) thrown;
    assertThat(e.vendor()).isEqualTo(VENDOR);
    assertThat(e.kind()).isEqualTo(FailureKind.CONTENT_REJECTED);
    return e;
  }

  private static String onlyId(FaceChoice choice) {
    assertThat(choice.faces()).hasSize(1);
    return choice.faces().get(0).id();
  }

  // ---------------------------------------------------------------- n-th by appearance

  @ParameterizedTest
  @CsvSource({"1, bob", "2, carol", "3, alice"})
  void should_count_faces_by_start_time_when_every_face_has_times(int n, String expectedId) {
    FaceChoice choice = FaceSelector.nthByAppearance(n).resolve(session(ALICE, BOB, CAROL));

    assertThat(onlyId(choice)).isEqualTo(expectedId);
    assertThat(choice.rule()).isEqualTo("face " + n + " by order of appearance");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void should_choose_the_same_face_whatever_order_the_vendor_lists_them_in(int n) {
    FaceSelector selector = FaceSelector.nthByAppearance(n);

    FaceChoice one = selector.resolve(session(ALICE, BOB, CAROL));
    FaceChoice other = selector.resolve(session(CAROL, ALICE, BOB));
    FaceChoice third = selector.resolve(session(BOB, CAROL, ALICE));

    assertThat(other.faces()).isEqualTo(one.faces());
    assertThat(third.faces()).isEqualTo(one.faces());
  }

  @Test
  void should_list_a_sessions_faces_in_the_order_the_selector_counts_in() {
    FaceSession session = session(ALICE, BOB, CAROL);

    assertThat(session.facesByAppearance()).containsExactly(BOB, CAROL, ALICE);
    for (int n = 1; n <= 3; n++) {
      assertThat(FaceSelector.nthByAppearance(n).resolve(session).faces())
          .containsExactly(session.facesByAppearance().get(n - 1));
    }
    assertThat(session(ALICE, Face.of("dave")).facesByAppearance()).extracting(Face::id)
        .containsExactly("alice", "dave");
  }

  @Test
  void should_keep_the_vendors_order_for_faces_appearing_at_the_same_moment() {
    Face first = timed("first-listed", 1_000, 2_000);
    Face second = timed("second-listed", 1_000, 5_000);

    assertThat(onlyId(FaceSelector.nthByAppearance(1).resolve(session(first, second))))
        .isEqualTo("first-listed");
    assertThat(onlyId(FaceSelector.nthByAppearance(1).resolve(session(second, first))))
        .isEqualTo("second-listed");
  }

  @Test
  void should_fall_back_to_the_vendors_order_when_a_face_has_no_times_and_say_so() {
    Face untimed = Face.of("dave");
    FaceSession session = session(ALICE, untimed, BOB);

    FaceChoice choice = FaceSelector.nthByAppearance(2).resolve(session);

    assertThat(onlyId(choice)).isEqualTo("dave");
    assertThat(choice.rule()).isEqualTo("face 2 in the vendor's list (the vendor gave no times)");
    assertThat(onlyId(FaceSelector.first().resolve(session))).isEqualTo("alice");
  }

  @Test
  void should_resolve_the_unnamed_default_exactly_as_face_1_by_appearance() {
    FaceSession timed = session(BOB, ALICE, CAROL);
    FaceSession untimed = session(Face.of("dave"), ALICE);

    assertThat(FaceSelector.unnamed().resolve(timed)).isEqualTo(FaceSelector.first().resolve(timed));
    assertThat(FaceSelector.unnamed().resolve(untimed)).isEqualTo(FaceSelector.first().resolve(untimed));
    assertThat(FaceSelector.unnamed()).isNotEqualTo(FaceSelector.first());
    assertThat(rejection(FaceSelector.unnamed(), session()))
        .hasMessage("[kling] no face matches face 1 by appearance: the vendor found 0 face(s) in the video");
  }

  @Test
  void should_leave_the_face_unnamed_in_a_dub_unless_one_is_chosen() {
    AudioSource audio = AudioSource.url("https://example.com/a.mp3");

    assertThat(Dub.of(audio).face()).isEqualTo(FaceSelector.unnamed());
    assertThat(Dub.builder().audio(audio).build().face()).isEqualTo(FaceSelector.unnamed());
    assertThat(Dub.builder().audio(audio).face(FaceSelector.first()).build().face())
        .isEqualTo(FaceSelector.nthByAppearance(1));
  }

  @Test
  void should_treat_a_face_with_only_a_start_time_as_untimed() {
    Face halfTimed = new Face("half", 500L, null, null, null);

    FaceChoice choice = FaceSelector.first().resolve(session(ALICE, halfTimed));

    assertThat(onlyId(choice)).isEqualTo("alice");
    assertThat(choice.rule()).contains("the vendor gave no times");
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 100})
  void should_reject_a_face_number_past_the_count_naming_the_count(int n) {
    ContentRejectedException e =
        rejection(FaceSelector.nthByAppearance(n), session(ALICE, BOB, CAROL));

    assertThat(e).hasMessage(
        "[kling] no face matches face " + n + " by appearance: the vendor found 3 face(s) in the video");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void should_reject_a_face_number_below_1(int n) {
    ContentRejectedException e = rejection(FaceSelector.nthByAppearance(n), session(ALICE, BOB));

    assertThat(e).hasMessageContaining("found 2 face(s)");
  }

  @Test
  void should_reject_the_first_face_of_a_video_without_faces() {
    assertThat(rejection(FaceSelector.first(), session()))
        .hasMessage("[kling] no face matches face 1 by appearance: the vendor found 0 face(s) in the video");
  }

  // ---------------------------------------------------------------- longest on screen

  @Test
  void should_choose_the_face_on_screen_longest_by_times() {
    FaceChoice choice = FaceSelector.longestOnScreen().resolve(session(ALICE, CAROL, BOB));

    assertThat(onlyId(choice)).isEqualTo("bob");
    assertThat(choice.rule()).isEqualTo("the face on screen longest");
  }

  @Test
  void should_prefer_times_over_bounding_boxes() {
    Face shortButBig = new Face("big", 0L, 1_000L, null, new BoundingBox(0, 0, 800, 800));
    Face longButSmall = new Face("small", 0L, 9_000L, null, new BoundingBox(0, 0, 10, 10));

    assertThat(onlyId(FaceSelector.longestOnScreen().resolve(session(shortButBig, longButSmall))))
        .isEqualTo("small");
  }

  @Test
  void should_choose_the_largest_face_when_there_are_bounding_boxes_but_no_times() {
    FaceSession session = session(boxed("wide", 300, 100), boxed("large", 200, 200), boxed("tall", 50, 700));

    FaceChoice choice = FaceSelector.longestOnScreen().resolve(session);

    assertThat(onlyId(choice)).isEqualTo("large");
    assertThat(choice.rule()).isEqualTo("the largest face in the picture (the vendor gave no times)");
  }

  @Test
  void should_compare_box_areas_without_int_overflow() {
    // 65536 × 65536 overflows an int to 0.
    FaceSession session = session(boxed("small", 10, 10), boxed("huge", 65_536, 65_536));

    assertThat(onlyId(FaceSelector.longestOnScreen().resolve(session))).isEqualTo("huge");
  }

  @Test
  void should_choose_the_first_listed_face_with_neither_times_nor_boxes() {
    FaceSession session = session(Face.of("zed"), boxed("large", 900, 900), ALICE);

    FaceChoice choice = FaceSelector.longestOnScreen().resolve(session);

    assertThat(onlyId(choice)).isEqualTo("zed");
    assertThat(choice.rule()).isEqualTo("the first face in the vendor's list (the vendor gave no times)");
  }

  @Test
  void should_reject_the_longest_face_of_a_video_without_faces() {
    assertThat(rejection(FaceSelector.longestOnScreen(), session()))
        .hasMessage("[kling] no face matches the face on screen longest: the vendor found 0 face(s) in the video");
  }

  // ---------------------------------------------------------------- on screen at

  @ParameterizedTest
  @CsvSource({
    "1000, pam",     // only pam on screen
    "2500, pam",     // pam and quinn both on screen: pam appeared first
    "5000, quinn",
    "9000, rex",
    "12000, rex"
  })
  void should_choose_the_face_on_screen_at_a_time(long atMs, String expectedId) {
    FaceSession session =
        session(timed("rex", 9_000, 12_000), timed("quinn", 2_000, 8_000), timed("pam", 0, 3_000));

    FaceChoice choice = FaceSelector.onScreenAt(atMs).resolve(session);

    assertThat(onlyId(choice)).isEqualTo(expectedId);
    assertThat(choice.rule()).isEqualTo("the face on screen at " + atMs + " ms");
  }

  @ParameterizedTest
  @CsvSource({"0, a", "2000, a", "2001, b", "5000, b"})
  void should_include_both_ends_of_a_faces_time_window(long atMs, String expectedId) {
    FaceSession session = session(timed("b", 2_001, 5_000), timed("a", 0, 2_000));

    assertThat(onlyId(FaceSelector.onScreenAt(atMs).resolve(session))).isEqualTo(expectedId);
  }

  @Test
  void should_reject_a_time_when_no_face_is_on_screen_naming_the_count() {
    assertThat(rejection(FaceSelector.onScreenAt(9_001), session(ALICE, BOB, CAROL)))
        .hasMessage("[kling] no face matches the face on screen at 9001 ms: the vendor found 3 face(s) in the video");
  }

  @Test
  void should_choose_the_first_listed_face_at_a_time_when_the_vendor_gave_no_times() {
    FaceSession session = session(Face.of("x"), Face.of("y"));

    FaceChoice choice = FaceSelector.onScreenAt(2_500).resolve(session);

    assertThat(onlyId(choice)).isEqualTo("x");
    assertThat(choice.rule())
        .isEqualTo("the first face in the vendor's list (the vendor gave no times to match 2500 ms)");
  }

  @Test
  void should_reject_a_time_in_a_video_without_faces() {
    assertThat(rejection(FaceSelector.onScreenAt(0), session())).hasMessageContaining("found 0 face(s)");
  }

  // ---------------------------------------------------------------- by id

  @Test
  void should_choose_a_face_by_id() {
    FaceChoice choice = FaceSelector.byId("carol").resolve(session(ALICE, BOB, CAROL));

    assertThat(choice.faces()).containsExactly(CAROL);
    assertThat(choice.rule()).isEqualTo("face id carol");
  }

  @Test
  void should_reject_an_unknown_face_id_naming_the_count() {
    assertThat(rejection(FaceSelector.byId("mallory"), session(ALICE, BOB)))
        .hasMessage("[kling] no face matches face id mallory: the vendor found 2 face(s) in the video");
  }

  // ---------------------------------------------------------------- matching

  @Test
  void should_choose_the_first_face_by_appearance_that_matches() {
    // Alice is listed first and bob appears first, but only carol and alice pass.
    FaceSelector briefly =
        FaceSelector.matching("is on screen under 5 s", f -> f.onScreenMs() < 5_000);

    FaceChoice choice = briefly.resolve(session(ALICE, BOB, CAROL));

    assertThat(onlyId(choice)).isEqualTo("carol");
    assertThat(choice.rule())
        .isEqualTo("the first face by order of appearance that is on screen under 5 s");
  }

  @Test
  void should_match_in_the_vendors_order_when_it_gave_no_times() {
    Face withThumb = new Face("thumb", null, null, URI.create("https://example.com/f.png"), null);
    FaceSelector hasThumbnail = FaceSelector.matching("has a thumbnail", f -> f.imageUrl() != null);

    FaceChoice choice = hasThumbnail.resolve(session(Face.of("plain"), withThumb));

    assertThat(onlyId(choice)).isEqualTo("thumb");
    assertThat(choice.rule())
        .isEqualTo("the first face in the vendor's list (the vendor gave no times) that has a thumbnail");
  }

  @Test
  void should_reject_when_no_face_matches_naming_the_count() {
    FaceSelector never = FaceSelector.matching("wears a hat", f -> false);

    assertThat(rejection(never, session(ALICE, BOB, CAROL)))
        .hasMessage("[kling] no face matches a face that wears a hat: the vendor found 3 face(s) in the video");
  }

  // ---------------------------------------------------------------- all

  @Test
  void should_choose_every_face_in_order_of_appearance() {
    FaceChoice choice = FaceSelector.all().resolve(session(ALICE, BOB, CAROL));

    assertThat(choice.faces()).containsExactly(BOB, CAROL, ALICE);
    assertThat(choice.rule()).isEqualTo("all faces");
  }

  @Test
  void should_choose_every_face_in_the_vendors_order_without_times() {
    FaceChoice choice = FaceSelector.all().resolve(session(Face.of("y"), Face.of("x")));

    assertThat(choice.faces()).extracting(Face::id).containsExactly("y", "x");
  }

  @Test
  void should_reject_all_faces_of_a_video_without_faces() {
    assertThat(rejection(FaceSelector.all(), session()))
        .hasMessage("[kling] no face matches all faces: the vendor found 0 face(s) in the video");
  }
}

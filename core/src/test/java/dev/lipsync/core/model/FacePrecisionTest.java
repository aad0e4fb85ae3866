package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.FaceChoice.Precision;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** How sure each selector's choice is, what a job accepts, and the choice by picture. */
class FacePrecisionTest {
  private static final Face TIMED_A = new Face("a", 0L, 4_000L, null, null);
  private static final Face TIMED_B = new Face("b", 2_000L, 9_000L, null, null);
  private static final Face BOXED_A = new Face("a", null, null, null, new BoundingBox(0, 0, 10, 10));
  private static final Face BOXED_B = new Face("b", null, null, null, new BoundingBox(0, 0, 20, 20));

  private static FaceSession session(Face... faces) {
    return new FaceSession("v", "s", VideoSource.url("https://example.com/v.mp4"), List.of(faces));
  }

  static Stream<Arguments> choices() {
    return Stream.of(
        Arguments.of(FaceSelector.nthByAppearance(2), session(TIMED_A, TIMED_B), Precision.EXACT),
        Arguments.of(FaceSelector.nthByAppearance(2), session(BOXED_A, BOXED_B), Precision.APPROXIMATE),
        Arguments.of(FaceSelector.nthByAppearance(1), session(BOXED_A), Precision.EXACT),
        Arguments.of(FaceSelector.longestOnScreen(), session(TIMED_A, TIMED_B), Precision.EXACT),
        Arguments.of(FaceSelector.longestOnScreen(), session(BOXED_A, BOXED_B), Precision.APPROXIMATE),
        Arguments.of(FaceSelector.longestOnScreen(), session(Face.of("a"), Face.of("b")), Precision.APPROXIMATE),
        Arguments.of(FaceSelector.longestOnScreen(), session(Face.of("a")), Precision.EXACT),
        Arguments.of(FaceSelector.onScreenAt(3_000), session(TIMED_A, TIMED_B), Precision.EXACT),
        Arguments.of(FaceSelector.onScreenAt(3_000), session(BOXED_A, BOXED_B), Precision.APPROXIMATE),
        Arguments.of(FaceSelector.byId("b"), session(BOXED_A, BOXED_B), Precision.EXACT),
        Arguments.of(FaceSelector.all(), session(BOXED_A, BOXED_B), Precision.EXACT),
        Arguments.of(FaceSelector.unnamed(), session(BOXED_A, BOXED_B), Precision.APPROXIMATE),
        Arguments.of(FaceSelector.matching("is b", f -> f.id().equals("b")), session(BOXED_A, BOXED_B),
            Precision.EXACT),
        Arguments.of(FaceSelector.matching("has a box", f -> f.box() != null), session(BOXED_A, BOXED_B),
            Precision.APPROXIMATE));
  }

  @ParameterizedTest
  @MethodSource("choices")
  void should_say_how_sure_each_choice_is(FaceSelector selector, FaceSession session, Precision expected) {
    assertThat(selector.resolve(session).precision()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void should_accept_by_default_only_exact_and_picture_choices(Precision precision) {
    assertThat(FaceMatch.PICTURE.accepts(precision))
        .isEqualTo(precision == Precision.EXACT || precision == Precision.PICTURE);
    assertThat(FaceMatch.EXACT.accepts(precision)).isEqualTo(precision == Precision.EXACT);
    assertThat(FaceMatch.ANY.accepts(precision)).isTrue();
    assertThat(LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3")).build().faceMatch()).isEqualTo(FaceMatch.PICTURE);
  }

  // ---------------------------------------------------------------- by picture

  private static final URI REFERENCE = URI.create("https://example.com/ref.png?sig=secret");

  private static PictureHash plain(Color color) {
    BufferedImage picture = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 16, 16);
    g.dispose();
    return PictureHash.of(picture);
  }

  private static Face pictured(String id) {
    return Face.builder(id).imageUrl(URI.create("https://cdn.example.com/" + id + ".png")).build();
  }

  private static PictureHashes hashes(Color reference, Color a, Color b) {
    return new PictureHashes(Map.of(REFERENCE, plain(reference),
        URI.create("https://cdn.example.com/a.png"), plain(a),
        URI.create("https://cdn.example.com/b.png"), plain(b)), Map.of());
  }

  @Test
  void should_choose_the_one_face_whose_picture_is_alike_with_its_similarity() {
    FaceChoice choice = FaceSelector.lookingLike(REFERENCE.toString())
        .resolve(session(pictured("a"), pictured("b")), hashes(Color.RED, Color.BLUE, new Color(250, 2, 3)));

    assertThat(choice.faces()).extracting(Face::id).containsExactly("b");
    assertThat(choice.precision()).isEqualTo(Precision.PICTURE);
    assertThat(choice.similarity()).isGreaterThan(PictureHash.SAME_FACE);
    assertThat(choice.rule()).isEqualTo("the face looking like https://example.com/ref.png (98.7 % alike)");
  }

  @Test
  void should_refuse_when_no_face_is_alike_enough() {
    assertThatThrownBy(() -> FaceSelector.lookingLike(REFERENCE.toString())
        .resolve(session(pictured("a"), pictured("b")), hashes(Color.RED, Color.BLUE, new Color(220, 0, 0))))
        .isInstanceOf(NotSupportedException.class)
        .hasMessage("[v] no face looks like the picture https://example.com/ref.png: the most alike of 2 is face b,"
            + " 95.4 % alike, less than the 97.5 % taken as the same face");
  }

  @Test
  void should_refuse_when_two_faces_are_alike_enough_since_which_is_meant_is_unsure() {
    assertThatThrownBy(() -> FaceSelector.lookingLike(REFERENCE.toString())
        .resolve(session(pictured("a"), pictured("b")), hashes(Color.RED, new Color(252, 0, 0), Color.RED)))
        .isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("two faces look like the picture https://example.com/ref.png (face b, 100.0 %,"
            + " and face a, 99.6 %)");
  }

  @Test
  void should_refuse_without_the_pictures_naming_why() {
    PictureHashes failed = new PictureHashes(Map.of(), Map.of(REFERENCE, "https://example.com/ref.png answered HTTP 403"));

    assertThatThrownBy(() -> FaceSelector.lookingLike(REFERENCE.toString()).resolve(session(pictured("a")), failed))
        .isInstanceOf(NotSupportedException.class)
        .hasMessage("[v] cannot match a face to its picture: the picture https://example.com/ref.png could not be"
            + " fetched (https://example.com/ref.png answered HTTP 403)");
    assertThatThrownBy(() -> FaceSelector.lookingLike(REFERENCE.toString()).resolve(session(pictured("a"))))
        .isInstanceOf(NotSupportedException.class)
        .hasMessageEndingWith("was not fetched");
  }

  @Test
  void should_refuse_a_picture_url_that_is_not_http() {
    assertThatThrownBy(() -> FaceSelector.lookingLike("file:///etc/passwd"))
        .hasMessageContaining("face.imageUrl")
        .hasMessageContaining("must be an absolute http or https URL");
  }
}

package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.model.PictureHash;
import dev.lipsync.core.tracking.ManualScheduler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulators' face pictures are real images, served where their identify answers say, and tell
 * people apart the way a gateway must: the same person at two vendors (re-encoded, resized) looks more
 * alike than two people do.
 */
class FacePicturesTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final CometApiSimulator cometapi = new CometApiSimulator("key", clock).start();
  private final ApiModelsSimulator apimodels = new ApiModelsSimulator("key", clock).start();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    cometapi.close();
    apimodels.close();
  }

  private BufferedImage fetch(String url, String contentType) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).as(url).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo(contentType);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body().bytes()));
      assertThat(image).as("decodes").isNotNull();
      return image;
    }
  }

  private static PictureHash hash(BufferedImage image) {
    return PictureHash.of(image);
  }

  @Test
  void should_serve_each_face_as_a_real_image_in_the_vendors_format_and_size() throws IOException {
    SimFace ana = SimFace.defaults().get(0);

    BufferedImage atCometApi = fetch(cometapi.faceImageUrl(ana), "image/png");
    BufferedImage atApiModels = fetch(apimodels.faceImageUrl(ana), "image/jpeg");

    assertThat(cometapi.faceImageUrl(ana)).isEqualTo(cometapi.baseUrl() + "/faces/cometapi-ana.png");
    assertThat(atCometApi.getWidth()).isEqualTo(128);
    assertThat(atApiModels.getWidth()).isEqualTo(96);
    try (Response missing = http.newCall(new Request.Builder()
        .url(cometapi.baseUrl() + "/faces/apimodels-ana.jpg").build()).execute()) {
      assertThat(missing.code()).as("another vendor's face").isEqualTo(404);
    }
  }

  @Test
  void should_show_the_same_person_across_vendors_as_the_same_face_and_two_people_as_two() throws IOException {
    List<SimFace> people = SimFace.three();
    for (SimFace person : people) {
      PictureHash here = hash(fetch(cometapi.faceImageUrl(person), "image/png"));
      assertThat(here.sameFace(hash(fetch(apimodels.faceImageUrl(person), "image/jpeg"))))
          .as(person.person() + " at both vendors").isTrue();
      for (SimFace other : people) {
        if (other != person) {
          assertThat(here.sameFace(hash(fetch(apimodels.faceImageUrl(other), "image/jpeg"))))
              .as(person.person() + " against " + other.person()).isFalse();
        }
      }
    }
  }

  /**
   * Where {@link PictureHash#SAME_FACE} comes from: over 200 drawn people, PNG at 128 px against JPEG at
   * 96 px (CometAPI's and apimodels' pictures), the same person is at least 0.99 alike and two people at
   * most 0.97, so the threshold of 0.975 leaves a margin on both sides.
   */
  @Test
  void should_keep_the_threshold_between_the_same_person_and_two_people_with_a_margin() throws IOException {
    List<String> people = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "person-" + i).toList();
    List<PictureHash> png = new java.util.ArrayList<>();
    List<PictureHash> jpeg = new java.util.ArrayList<>();
    for (String person : people) {
      png.add(PictureHash.decode(FacePictures.encode(person, 128, "png")));
      jpeg.add(PictureHash.decode(FacePictures.encode(person, 96, "jpg")));
    }
    double leastSame = 1;
    double mostDifferent = 0;
    for (int i = 0; i < people.size(); i++) {
      leastSame = Math.min(leastSame, png.get(i).similarity(jpeg.get(i)));
      for (int j = 0; j < people.size(); j++) {
        if (i != j) {
          mostDifferent = Math.max(mostDifferent, png.get(i).similarity(jpeg.get(j)));
        }
      }
    }

    assertThat(leastSame).isGreaterThanOrEqualTo(0.99);
    assertThat(mostDifferent).isLessThanOrEqualTo(0.97);
    assertThat(PictureHash.SAME_FACE).isStrictlyBetween(mostDifferent, leastSame);
  }
}

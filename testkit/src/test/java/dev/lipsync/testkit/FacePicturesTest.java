package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.ManualScheduler;
import java.awt.Graphics2D;
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

  /** A 64-bit average hash: the picture at 8 × 8 in grey, each cell brighter than the mean or not. */
  private static long averageHash(BufferedImage image) {
    BufferedImage small = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    g.drawImage(image, 0, 0, 8, 8, null);
    g.dispose();
    int[] grey = new int[64];
    long sum = 0;
    for (int i = 0; i < 64; i++) {
      grey[i] = small.getRaster().getSample(i % 8, i / 8, 0);
      sum += grey[i];
    }
    long hash = 0;
    for (int i = 0; i < 64; i++) {
      if (grey[i] * 64L > sum) {
        hash |= 1L << i;
      }
    }
    return hash;
  }

  private static int distance(BufferedImage a, BufferedImage b) {
    return Long.bitCount(averageHash(a) ^ averageHash(b));
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
  void should_show_the_same_person_more_alike_across_vendors_than_two_people() throws IOException {
    List<SimFace> people = SimFace.three();
    for (SimFace person : people) {
      BufferedImage here = fetch(cometapi.faceImageUrl(person), "image/png");
      int same = distance(here, fetch(apimodels.faceImageUrl(person), "image/jpeg"));
      for (SimFace other : people) {
        if (other != person) {
          int different = distance(here, fetch(apimodels.faceImageUrl(other), "image/jpeg"));
          assertThat(same).as(person.person() + " at both vendors against " + other.person()).isLessThan(different);
        }
      }
      assertThat(same).as(person.person() + ": re-encoding and resizing change little").isLessThanOrEqualTo(6);
    }
  }
}

package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PictureHashTest {

  private static byte[] png(BufferedImage picture) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(picture, "png", bytes);
    return bytes.toByteArray();
  }

  private static BufferedImage halves(int size, Color left, Color right) {
    BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, size / 2, size);
    g.setColor(right);
    g.fillRect(size / 2, 0, size - size / 2, size);
    g.dispose();
    return picture;
  }

  @Test
  void should_see_the_same_picture_at_another_size_and_encoding_as_the_same_face() throws IOException {
    PictureHash large = PictureHash.decode(png(halves(128, Color.ORANGE, Color.DARK_GRAY)));
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(halves(96, Color.ORANGE, Color.DARK_GRAY), "jpeg", jpeg);
    PictureHash small = PictureHash.decode(jpeg.toByteArray());
    PictureHash mirrored = PictureHash.decode(png(halves(128, Color.DARK_GRAY, Color.ORANGE)));

    assertThat(large.sameFace(small)).isTrue();
    assertThat(large.similarity(large)).isEqualTo(1.0);
    assertThat(large.sameFace(mirrored)).as("the same colours elsewhere are another face").isFalse();
  }

  @Test
  void should_refuse_bytes_that_are_no_picture() {
    assertThatThrownBy(() -> PictureHash.decode("<html>no</html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessage("not a picture the JDK decodes (PNG, JPEG, GIF, BMP)");
  }

  @Test
  void should_refuse_a_small_file_that_claims_a_huge_picture_before_decoding_it() throws IOException {
    byte[] bomb = png(halves(2, Color.RED, Color.BLUE));
    // The header (IHDR, after the 8-byte signature and 8 bytes of length and type) says 100,000 × 100,000.
    ByteBuffer header = ByteBuffer.wrap(bomb);
    header.putInt(16, 100_000);
    header.putInt(20, 100_000);
    CRC32 crc = new CRC32();
    crc.update(bomb, 12, 17);
    header.putInt(29, (int) crc.getValue());

    assertThatThrownBy(() -> PictureHash.decode(bomb))
        .isInstanceOf(IOException.class)
        .hasMessage("a picture of 100000 × 100000 pixels, more than the 40000000 a face picture may have");
  }
}

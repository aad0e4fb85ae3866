package dev.lipsync.testkit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Pictures of the simulated people: a face drawn for each person, the same at every vendor up to the
 * vendor's size and encoding, and different from person to person (skin, hair, eyes, mouth and
 * background, all drawn from the person's name). So a test can tell whether a face found at one vendor
 * is the person chosen at another the way a real gateway must: by the pictures alone.
 */
public final class FacePictures {
  private FacePictures() {}

  /** The picture of {@code person}, {@code size} pixels square. */
  public static BufferedImage draw(String person, int size) {
    // Drawn at a fixed size and scaled, so that every size shows the same face.
    BufferedImage face = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Random looks = new Random(person.hashCode() * 7919L);
    Graphics2D g = face.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(40 + looks.nextInt(180), 40 + looks.nextInt(180), 40 + looks.nextInt(180)));
    g.fillRect(0, 0, 256, 256);
    g.setColor(new Color(20 + looks.nextInt(120), 10 + looks.nextInt(80), looks.nextInt(60)));
    int hair = 40 + looks.nextInt(50);
    g.fillOval(40, 20, 176, 120 + hair);
    g.setColor(new Color(150 + looks.nextInt(100), 100 + looks.nextInt(100), 70 + looks.nextInt(90)));
    int width = 130 + looks.nextInt(50);
    int height = 160 + looks.nextInt(50);
    g.fillOval(128 - width / 2, 256 - height - 20, width, height);
    int eyes = 25 + looks.nextInt(25);
    int eyeY = 256 - height + 30 + looks.nextInt(30);
    int eye = 12 + looks.nextInt(14);
    g.setColor(new Color(looks.nextInt(90), looks.nextInt(90), looks.nextInt(140)));
    g.fillOval(128 - eyes - eye / 2, eyeY, eye, eye);
    g.fillOval(128 + eyes - eye / 2, eyeY, eye, eye);
    g.setColor(new Color(120 + looks.nextInt(100), 20 + looks.nextInt(60), 30 + looks.nextInt(60)));
    g.setStroke(new BasicStroke(5 + looks.nextInt(8)));
    int mouth = 30 + looks.nextInt(50);
    g.drawArc(128 - mouth / 2, eyeY + 50 + looks.nextInt(20), mouth, 10 + looks.nextInt(30), 180, 180);
    g.dispose();
    BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D s = scaled.createGraphics();
    s.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    s.drawImage(face, 0, 0, size, size, null);
    s.dispose();
    return scaled;
  }

  /**
   * The picture of {@code person}, {@code size} pixels square, encoded as {@code format} ({@code png} or
   * {@code jpg}), as a vendor serves it.
   */
  public static byte[] encode(String person, int size, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(draw(person, size), format.equals("jpg") ? "jpeg" : format, bytes)) {
        throw new IllegalArgumentException("format: \"" + format + "\" is not png or jpg");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }
}

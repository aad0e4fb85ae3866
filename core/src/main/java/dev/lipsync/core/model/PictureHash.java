package dev.lipsync.core.model;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A picture reduced to what tells one face from another across vendors: its colours on an 8 × 8 grid,
 * each cell the average of the pixels it covers. Two vendors' thumbnails of the same face (the same crop
 * of the same video, re-encoded and resized: PNG at one, JPEG at another) reduce to nearly the same grid;
 * two people differ in skin, hair, background and layout, so theirs differ. {@link #similarity} compares
 * two grids, and {@link #SAME_FACE} is the least similarity the gateway accepts as the same person.
 *
 * <p>This matches thumbnails of one video, which is what vendors show; it does not recognise a person in
 * an unrelated photo. Decoding is the JDK's ({@link ImageIO}: PNG, JPEG, GIF, BMP, WBMP). Immutable.
 */
public final class PictureHash {
  /**
   * The least similarity taken as the same face: 0.975, a mean colour difference of 2.5 % per cell.
   * Measured on drawn faces (the testkit's {@code FacePictures}, 200 people, PNG at 128 px against JPEG
   * at 96 px): the same face is at least 0.99 alike, two people at most 0.97 (the threshold sits between).
   */
  public static final double SAME_FACE = 0.975;

  /** Decoding stops short of pictures larger than this many pixels, so a small file cannot fill memory. */
  static final long MAX_PIXELS = 40_000_000L;

  private static final int GRID = 8;
  /** Pictures are read at about this size at most: enough for an 8 × 8 average, and cheap. */
  private static final int READ_SIZE = 256;

  private final byte[] cells;

  private PictureHash(byte[] cells) {
    this.cells = cells;
  }

  /**
   * The hash of an encoded picture.
   *
   * @throws IOException if the bytes are not a picture the JDK decodes, or the picture is too large
   */
  public static PictureHash decode(byte[] encoded) throws IOException {
    Objects.requireNonNull(encoded, "encoded == null");
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("not a picture the JDK decodes (PNG, JPEG, GIF, BMP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
          throw new IOException("a picture of " + width + " × " + height + " pixels, more than the "
              + MAX_PIXELS + " a face picture may have");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        // Every n-th pixel of a large picture is plenty for an 8 × 8 average, and spares the memory.
        int step = (int) Math.max(1, Math.max(width, height) / READ_SIZE);
        param.setSourceSubsampling(step, step, 0, 0);
        return of(reader.read(0, param));
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      // A malformed file can make a decoder throw anything; it is still just not a picture.
      throw new IOException("not a readable picture: " + e, e);
    }
  }

  /** The hash of a decoded picture. */
  public static PictureHash of(BufferedImage picture) {
    Objects.requireNonNull(picture, "picture == null");
    BufferedImage grid = new BufferedImage(GRID, GRID, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      // Area averaging: each cell is the mean of the pixels it covers, so resizing and JPEG noise cancel.
      g.drawImage(picture.getScaledInstance(GRID, GRID, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    } finally {
      g.dispose();
    }
    byte[] cells = new byte[GRID * GRID * 3];
    int i = 0;
    for (int y = 0; y < GRID; y++) {
      for (int x = 0; x < GRID; x++) {
        int rgb = grid.getRGB(x, y);
        cells[i++] = (byte) (rgb >> 16);
        cells[i++] = (byte) (rgb >> 8);
        cells[i++] = (byte) rgb;
      }
    }
    return new PictureHash(cells);
  }

  /** How alike two pictures are: 1 minus their mean colour difference per cell, from 0 to 1. */
  public double similarity(PictureHash other) {
    long difference = 0;
    for (int i = 0; i < cells.length; i++) {
      difference += Math.abs((cells[i] & 0xff) - (other.cells[i] & 0xff));
    }
    return 1 - difference / (255.0 * cells.length);
  }

  /** Whether the two pictures show the same face: at least {@link #SAME_FACE} alike. */
  public boolean sameFace(PictureHash other) {
    return similarity(other) >= SAME_FACE;
  }

  /** A similarity as messages show it, e.g. {@code "99.6 %"}. */
  public static String percent(double similarity) {
    return String.format(Locale.ROOT, "%.1f %%", similarity * 100);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PictureHash other && Arrays.equals(cells, other.cells);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cells);
  }

  @Override
  public String toString() {
    return "PictureHash[" + java.util.HexFormat.of().formatHex(cells, 0, 6) + "…]";
  }
}

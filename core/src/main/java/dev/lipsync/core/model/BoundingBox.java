package dev.lipsync.core.model;

/** Where a face is in the picture, in pixels from the top left corner. */
public record BoundingBox(int x, int y, int width, int height) {

  /** The area in square pixels, used to tell a main character from a passer-by. */
  public long area() {
    return (long) width * height;
  }
}

package dev.lipsync.testkit;

import java.util.List;

/**
 * A person in the simulated video. Every simulator shows the same people, each under its own face id
 * and with as much detail as its vendor gives (times, a thumbnail, a box), so tests can check that a
 * portable face selector finds the same person everywhere.
 *
 * @param person a name that stays the same across vendors
 * @param startMs when the person appears
 * @param endMs when the person leaves
 * @param width the face's width in pixels (the box is at x = 100 × order, y = 80)
 * @param height the face's height in pixels
 */
public record SimFace(String person, long startMs, long endMs, int width, int height) {

  /** Two people: "ana" on screen from 0 to 4 s, then "ben" from 2 s to 9 s with a larger face. */
  public static List<SimFace> defaults() {
    return List.of(new SimFace("ana", 0, 4_000, 120, 150), new SimFace("ben", 2_000, 9_000, 180, 220));
  }

  /** Three people: {@link #defaults()}, then "cleo" on screen from 5 s to 8 s with a small face. */
  public static List<SimFace> three() {
    return List.of(defaults().get(0), defaults().get(1), new SimFace("cleo", 5_000, 8_000, 90, 110));
  }
}

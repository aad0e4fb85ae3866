package dev.lipsync.benchmarks;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps a harness's output to its figures: MockWebServer logs every request at INFO otherwise. */
final class Logging {
  /** Held, because java.util.logging keeps its loggers only weakly and would forget the level. */
  private static final Logger MOCK_WEB_SERVER = Logger.getLogger("mockwebserver3.MockWebServer");

  private Logging() {}

  static void quiet() {
    MOCK_WEB_SERVER.setLevel(Level.WARNING);
  }
}

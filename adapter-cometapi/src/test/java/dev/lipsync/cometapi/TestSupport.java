package dev.lipsync.cometapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockWebServer;

/**
 * What the adapter's tests share: the key, fixtures from the class path, and a provider talking to a
 * MockWebServer. Canned answers and waiting on loopback I/O come from {@link
 * dev.lipsync.testkit.LoopbackTests}, as for every adapter.
 */
final class TestSupport {
  static final String KEY = "sk-comet-test-4e1f9a7c2b";

  private TestSupport() {}

  /** A test resource under {@code cometapi/}, as text. */
  static String resource(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/cometapi/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource cometapi/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A provider talking to {@code server}, which must be started. */
  static CometApiProvider provider(MockWebServer server) {
    return CometApiProvider.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build();
  }
}

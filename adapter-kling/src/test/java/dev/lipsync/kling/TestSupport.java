package dev.lipsync.kling;

import dev.lipsync.testkit.LoopbackTests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * What the adapter's tests share: a fixed key pair and clock, fixtures from the class path, and a
 * provider talking to a MockWebServer. Canned answers and waiting on loopback I/O come from {@link
 * LoopbackTests}, as for every adapter, under the names this adapter's tests import.
 */
final class TestSupport {
  static final String ACCESS_KEY = "AK7f3a9c2e5b1d4e8fa0c6b2d9e1f3a5c7";
  static final String SECRET_KEY = "SKb4c8e2f6a0d3c7e1b5f9a2d6c0e4b8f1";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private TestSupport() {}

  /** A test resource under {@code kling/}, as text. */
  static String resource(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/kling/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource kling/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link LoopbackTests#json}. */
  static MockResponse json(int status, String body) {
    return LoopbackTests.json(status, body);
  }

  /** A provider talking to {@code server}, which must be started, its tokens dated by {@code clock}. */
  static KlingProvider provider(MockWebServer server, Clock clock) {
    return KlingProvider.builder()
        .accessKey(ACCESS_KEY)
        .secretKey(SECRET_KEY)
        .clock(clock)
        .baseUrl(server.url("/").toString())
        .build();
  }

  /** {@link LoopbackTests#await}. */
  static <T> T await(CompletableFuture<T> future) {
    return LoopbackTests.await(future);
  }

  /** {@link LoopbackTests#failure}. */
  static Throwable failure(CompletableFuture<?> future) {
    return LoopbackTests.failure(future);
  }

  /** {@link LoopbackTests#compact}. */
  static String compact(String json) {
    return LoopbackTests.compact(json);
  }

  /** A clock a test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

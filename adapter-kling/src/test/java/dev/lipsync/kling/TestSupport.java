package dev.lipsync.kling;

import dev.lipsync.core.error.LipSyncException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * What the adapter's tests share: a fixed key pair and clock, fixtures from the class path, canned
 * answers, a provider talking to a MockWebServer, and waiting on loopback I/O.
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

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
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

  /** The future's value, waiting at most 10 s for loopback I/O. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected a value but the future failed", LipSyncException.causeOf(e));
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** The exception the future fails with. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure but got " + value);
    } catch (ExecutionException e) {
      return LipSyncException.causeOf(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** JSON written for reading, without the whitespace between tokens. */
  static String compact(String json) {
    StringBuilder out = new StringBuilder(json.length());
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (!Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString();
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

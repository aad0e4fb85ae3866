package dev.lipsync.cometapi;

import dev.lipsync.core.error.LipSyncException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * What the adapter's tests share: fixtures from the class path, canned answers, a provider talking to a
 * MockWebServer, and waiting on loopback I/O.
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

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A provider talking to {@code server}, which must be started. */
  static CometApiProvider provider(MockWebServer server) {
    return CometApiProvider.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build();
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
}

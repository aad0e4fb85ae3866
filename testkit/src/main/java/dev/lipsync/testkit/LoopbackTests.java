package dev.lipsync.testkit;

import dev.lipsync.core.error.LipSyncException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;

/**
 * What an adapter's tests against a MockWebServer on loopback share: canned JSON answers, waiting for
 * the adapter's futures (which real I/O completes, so a wall-clock bound, not a manual clock), and JSON
 * text compacted for comparing request bodies. Stateless.
 *
 * <pre>{@code
 * server.enqueue(LoopbackTests.json(200, resource("task-answer.json")));
 * TaskRef ref = LoopbackTests.await(provider.submit(request));
 * }</pre>
 */
public final class LoopbackTests {
  /** Long enough for any loopback exchange on a loaded build machine; a hang fails the test instead. */
  private static final long WAIT_SECONDS = 10;

  private LoopbackTests() {}

  /** An answer of HTTP {@code status} with {@code body} as JSON. */
  public static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /**
   * The future's value, waiting at most 10 s for loopback I/O.
   *
   * @throws AssertionError if the future fails (with the library's exception as the cause) or times out
   */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected a value but the future failed", LipSyncException.causeOf(e));
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The exception the future fails with, unwrapped as {@link LipSyncException#causeOf} does, waiting at
   * most 10 s.
   *
   * @throws AssertionError if the future succeeds or times out
   */
  public static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure but got " + value);
    } catch (ExecutionException e) {
      return LipSyncException.causeOf(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** JSON written for reading, without the whitespace between tokens (strings kept as they are). */
  public static String compact(String json) {
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

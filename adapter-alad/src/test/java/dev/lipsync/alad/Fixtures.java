package dev.lipsync.alad;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.VideoSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** What the adapter's MockWebServer tests share: the key, fixtures, answers, and waiting on futures. */
final class Fixtures {
  static final String KEY = "sk-alad-test-4c1d9e7b2a";
  static final VideoSource VIDEO = VideoSource.url("https://example.com/interview.mp4");

  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private Fixtures() {}

  /** A fixture from {@code src/test/resources/alad/}. */
  static String read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/alad/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON text as a map, for comparing bodies whatever their key order and spacing. */
  static Map<String, Object> parse(String json) {
    try {
      return JSON.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A provider talking to {@code server}. */
  static AladProvider provider(MockWebServer server) {
    return AladProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** An alad session over {@code faces}. */
  static FaceSession session(Face... faces) {
    return new FaceSession("alad", "YOUR_SESSION_ID", VIDEO, List.of(faces));
  }

  static <T> T await(CompletableFuture<T> future) throws InterruptedException {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = LipSyncException.causeOf(e);
      throw new AssertionError("failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer", e);
    }
  }

  /** The exception the future fails with, as the caller sees it (not wrapped). */
  static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
    try {
      Object value = future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure but got " + value);
    } catch (ExecutionException e) {
      return LipSyncException.causeOf(e);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer", e);
    }
  }
}

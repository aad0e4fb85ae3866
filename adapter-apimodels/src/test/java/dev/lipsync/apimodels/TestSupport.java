package dev.lipsync.apimodels;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.VirtualTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * What the adapter's tests share: the vendor's documented payloads, JSON, a provider talking to a
 * MockWebServer, and waiting on a manual clock.
 */
final class TestSupport {
  static final String KEY = "sk-apimodels-test-4f9a1c7e2b";

  private static final JsonAdapter<Map<String, Object>> MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final JsonAdapter<String> STRING = new Moshi.Builder().build().adapter(String.class);

  private TestSupport() {}

  /** A file from {@code src/test/resources/apimodels/}, copied verbatim from the vendor's page. */
  static String resource(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/apimodels/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object as a map, for comparing bodies whole regardless of field order. */
  static Map<String, Object> json(String text) {
    try {
      return MAP.fromJson(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text} as a JSON string literal, quotes included. */
  static String quoted(String text) {
    return STRING.toJson(text);
  }

  static MockResponse answer(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /**
   * The client every provider of these tests calls through, so that {@link #await} can tell when an
   * answer is on its way. A provider built elsewhere in these tests must be given it too.
   */
  static final OkHttpClient CLIENT = new OkHttpClient();

  /** A provider talking to {@code server}, which must be started, and polling on {@code clock}. */
  static ApiModelsProvider provider(MockWebServer server, ManualScheduler clock) {
    return ApiModelsProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .scheduler(clock)
        .requestTimeout(Duration.ofSeconds(5))
        .client(CLIENT)
        .build();
  }

  /**
   * The future's value, moving the manual clock to its next due action while no call of {@link
   * #CLIENT} is under way, so that polling on it makes progress. It never moves while an answer is on
   * its way: on a loaded machine a second of virtual time per few real milliseconds let the identify
   * timeout overtake a loopback answer.
   */
  static <T> T await(CompletableFuture<T> future, ManualScheduler clock) {
    return VirtualTime.await(future, clock, VirtualTime.callsInFlight(CLIENT));
  }

  /** The exception the future fails with, unwrapped. */
  static Throwable failure(CompletableFuture<?> future, ManualScheduler clock) {
    return VirtualTime.failure(future, clock, VirtualTime.callsInFlight(CLIENT));
  }
}

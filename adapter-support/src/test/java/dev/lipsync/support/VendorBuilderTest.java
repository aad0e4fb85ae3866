package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.ToJson;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.provider.Pricing;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.http.GET;
import retrofit2.http.Path;

class VendorBuilderTest {
  private static final String KEY = "sk-builder-4b7e2a";
  private static final String DEFAULT_BASE_URL = "https://api.acme.example";
  static final VendorProfile ACME = new VendorProfile("acme", DEFAULT_BASE_URL, "ACME_KEY", "ACME_BASE_URL");
  private static final Pricing PUBLISHED = Pricing.of("0.001", "0.01");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** An adapter's builder as the type's documentation shows one. */
  static final class AcmeBuilder extends VendorBuilder<AcmeBuilder> {
    AcmeBuilder() {
      super(ACME, PUBLISHED);
    }

    @Override
    protected AcmeBuilder self() {
      return this;
    }
  }

  interface Api {
    @GET("v1/tasks/{id}")
    CompletableFuture<Task> status(@Path("id") String id);
  }

  static final class Task {
    Shout name;
  }

  /** A value only the adapter below can read, to show the builder's JSON adapters reach Moshi. */
  static final class Shout {
    final String text;

    Shout(String text) {
      this.text = text;
    }
  }

  static final class ShoutAdapter {
    @FromJson
    Shout fromJson(String text) {
      return new Shout(text.toUpperCase(Locale.ROOT));
    }

    @ToJson
    String toJson(Shout shout) {
      return shout.text;
    }
  }

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void should_start_with_the_vendors_defaults() {
    AcmeBuilder builder = new AcmeBuilder().apiKey(KEY);

    VendorHttp http = builder.http();

    assertThat(http.vendor()).isEqualTo("acme");
    assertThat(http.baseUrl()).hasToString(DEFAULT_BASE_URL + "/");
    assertThat(builder.pricing()).isEqualTo(PUBLISHED);
    assertThat(builder.clock()).isEqualTo(Clock.systemUTC());
    assertThat(builder.apiKey()).isEqualTo(ApiKey.of(KEY));
  }

  @Test
  void should_return_the_adapters_builder_from_every_setter() {
    AcmeBuilder builder = new AcmeBuilder();
    Clock fixed = Clock.fixed(NOW, ZoneOffset.UTC);

    assertThat(builder.apiKey(KEY)).isSameAs(builder);
    assertThat(builder.baseUrl("http://localhost:8080")).isSameAs(builder);
    assertThat(builder.connectTimeout(Duration.ofSeconds(1))).isSameAs(builder);
    assertThat(builder.readTimeout(Duration.ofSeconds(2))).isSameAs(builder);
    assertThat(builder.requestTimeout(Duration.ofSeconds(3))).isSameAs(builder);
    assertThat(builder.pricing(Pricing.unknown())).isSameAs(builder);
    assertThat(builder.client(new OkHttpClient())).isSameAs(builder);
    assertThat(builder.clock(fixed)).isSameAs(builder);
    assertThat(builder.pricing()).isEqualTo(Pricing.unknown());
    assertThat(builder.clock()).isSameAs(fixed);
  }

  @Test
  void should_require_an_api_key() {
    AcmeBuilder builder = new AcmeBuilder();

    assertThatIllegalStateException().isThrownBy(builder::apiKey).withMessage("API key required.");
    assertThatIllegalStateException().isThrownBy(() -> builder.http()).withMessage("API key required.");
  }

  @Test
  void should_refuse_each_bad_setting_at_once_with_the_shared_sentences() {
    AcmeBuilder builder = new AcmeBuilder();

    assertThatIllegalArgumentException().isThrownBy(() -> builder.apiKey(" ")).withMessage("API key is blank");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.apiKey("sk bad " + KEY))
        .withMessageNotContaining(KEY);
    assertThatNullPointerException().isThrownBy(() -> builder.apiKey(null)).withMessage("apiKey == null");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.baseUrl("http://api.acme.example"))
        .withMessageContaining("plain http").withMessageContaining("loopback");
    assertThatNullPointerException().isThrownBy(() -> builder.baseUrl(null)).withMessage("baseUrl == null");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1)))
        .withMessage("connectTimeout: PT-1S must be positive");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.readTimeout(Duration.ZERO))
        .withMessage("readTimeout: PT0S must be positive");
    assertThatNullPointerException().isThrownBy(() -> builder.requestTimeout(null))
        .withMessage("requestTimeout == null");
    assertThatNullPointerException().isThrownBy(() -> builder.pricing(null)).withMessage("pricing == null");
    assertThatNullPointerException().isThrownBy(() -> builder.client(null)).withMessage("client == null");
    assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessage("clock == null");
  }

  @Test
  void should_keep_the_last_good_base_url_when_another_is_refused() {
    AcmeBuilder builder = new AcmeBuilder().apiKey(KEY).baseUrl("http://127.0.0.1:8089");

    assertThatIllegalArgumentException().isThrownBy(() -> builder.baseUrl("not a url"));

    assertThat(builder.http().baseUrl()).hasToString("http://127.0.0.1:8089/");
  }

  @Test
  void should_refuse_a_bad_default_base_url() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new VendorProfile("acme", "http://acme.example", "ACME_KEY", "ACME_BASE_URL"))
        .withMessageContaining("defaultBaseUrl")
        .withMessageContaining("plain http");
  }

  @Test
  void should_refuse_a_blank_profile_value_naming_it() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new VendorProfile(" ", DEFAULT_BASE_URL, "ACME_KEY", "ACME_BASE_URL"))
        .withMessage("id: \" \" is blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new VendorProfile("acme", DEFAULT_BASE_URL, "", "ACME_BASE_URL"))
        .withMessage("keyVariable: \"\" is blank");
  }

  @Test
  void should_take_the_key_and_base_url_from_the_profile_s_variables() {
    AcmeBuilder builder = new AcmeBuilder();

    assertThat(builder.fromEnvironment(Map.of("ACME_KEY", " " + KEY + " ", "ACME_BASE_URL", " http://127.0.0.1:8089 ")))
        .containsSame(builder);
    assertThat(builder.apiKey().redact("x" + KEY)).isEqualTo("x****");
    assertThat(builder.http().baseUrl()).hasToString("http://127.0.0.1:8089/");
  }

  @Test
  void should_keep_its_base_url_when_the_environment_names_none() {
    AcmeBuilder builder = new AcmeBuilder().baseUrl("http://127.0.0.1:8089");

    assertThat(builder.fromEnvironment(Map.of("ACME_KEY", KEY, "ACME_BASE_URL", "  "))).isPresent();
    assertThat(builder.http().baseUrl()).hasToString("http://127.0.0.1:8089/");
  }

  @Test
  void should_find_no_vendor_without_its_key_and_change_nothing() {
    AcmeBuilder builder = new AcmeBuilder();

    assertThat(builder.fromEnvironment(Map.of("OTHER_KEY", KEY, "ACME_BASE_URL", "http://127.0.0.1:8089")))
        .isEmpty();
    assertThatIllegalStateException().isThrownBy(builder::apiKey).withMessage("API key required.");
    assertThat(builder.profile()).isSameAs(ACME);
  }

  @Test
  void should_refuse_a_malformed_base_url_from_the_environment_without_showing_the_key() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AcmeBuilder().fromEnvironment(Map.of("ACME_KEY", KEY, "ACME_BASE_URL", "http://acme.example")))
        .withMessageContaining("baseUrl")
        .withMessageNotContaining(KEY);
  }

  @Test
  void should_give_the_client_every_setting() throws Exception {
    OkHttpClient tagging = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Shared", "yes").build()))
        .build();
    Api api = new AcmeBuilder()
        .apiKey(KEY)
        .baseUrl(server.url("/proxy/").toString())
        .client(tagging)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .http(new ShoutAdapter())
        .create(Api.class);
    server.enqueue(json(200, "{\"name\": \"quiet\"}"));
    server.enqueue(new MockResponse.Builder(json(429, "{}"))
        .setHeader("Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT").build());

    Task task = api.status("t1").get(10, TimeUnit.SECONDS);
    CompletableFuture<Task> limited = api.status("t1");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/proxy/v1/tasks/t1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("X-Shared")).isEqualTo("yes");
    assertThat(task.name.text).isEqualTo("QUIET");
    assertThat(limited).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(90)));
  }

  @Test
  void should_give_the_client_the_request_timeout() throws Exception {
    Api impatient = new AcmeBuilder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .requestTimeout(Duration.ofMillis(500))
        .http()
        .create(Api.class);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    assertThat(impatient.status("t1")).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(UnavailableException.class).withMessageContaining("no answer");
  }

  @Test
  void should_give_the_client_the_answer_size_cap() {
    Api capped = new AcmeBuilder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .maxAnswerBytes(64)
        .http()
        .create(Api.class);
    server.enqueue(json(200, "{\"name\": \"" + "x".repeat(100) + "\"}"));

    assertThat(capped.status("t1")).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(ProtocolException.class).withMessageContaining("64-byte cap");
  }
}

package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

class VendorHttpTest {
  private static final String KEY = "sk-test-9d8c7b6a5f4e3d2c";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** A tiny vendor API: a safe status call and a paid submit. */
  interface Api {
    @GET("v1/tasks/{id}")
    CompletableFuture<Task> status(@Path("id") String id);

    @Paid
    @POST("v1/tasks")
    CompletableFuture<Task> submit(@Body Map<String, Object> body);
  }

  /** A DTO as adapters write them: a package-private class with fields (Moshi cannot reach private records). */
  static final class Task {
    String task_id;
    Long created_at;
    Double volume;
    Object code;
    String message;
  }

  private static final VendorEnvelope ENVELOPE = VendorEnvelope.of("acme", "0");

  private final MockWebServer server = new MockWebServer();
  private Api api;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    api = client(server.url("/").toString(), Duration.ofSeconds(5)).create(Api.class);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static VendorHttp client(String baseUrl, Duration timeout) {
    return VendorHttp.builder("acme")
        .apiKey(ApiKey.of(KEY))
        .baseUrl(baseUrl)
        .requestTimeout(timeout)
        .readTimeout(timeout)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  private static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return LipSyncException.causeOf(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer", e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void should_send_the_bearer_key_and_read_numbers_given_as_strings() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t1\", \"created_at\": \"1722769557708\", \"volume\": \"0.5\"}"));

    Task task = api.status("t1").get(10, TimeUnit.SECONDS);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/tasks/t1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(task.task_id).isEqualTo("t1");
    assertThat(task.created_at).isEqualTo(1722769557708L);
    assertThat(task.volume).isEqualTo(0.5);
  }

  @Test
  void should_send_the_token_its_source_gives_on_each_call_instead_of_the_key() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t1\"}"));
    server.enqueue(json(200, "{\"task_id\": \"t1\"}"));
    List<String> tokens = new ArrayList<>(List.of("token-1", "token-2"));
    Api tokened = VendorHttp.builder("acme")
        .apiKey(ApiKey.of(KEY))
        .baseUrl(server.url("/").toString())
        .bearerTokens(() -> tokens.remove(0))
        .build()
        .create(Api.class);

    tokened.status("t1").get(10, TimeUnit.SECONDS);
    tokened.status("t1").get(10, TimeUnit.SECONDS);

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
  }

  @Test
  void should_write_numbers_as_numbers_and_leave_out_nulls() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t2\"}"));

    api.submit(Map.of("sound_volume", 1.5)).get(10, TimeUnit.SECONDS);

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"sound_volume\":1.5}");
  }

  @ParameterizedTest(name = "HTTP {0} code {1}")
  @CsvSource({
    "429, 1101, dev.lipsync.core.error.OutOfCreditException",
    "429, 1302, dev.lipsync.core.error.RateLimitedException",
    "401, 1000, dev.lipsync.core.error.AuthenticationException",
    "404, 1203, dev.lipsync.core.error.NotFoundException",
    "400, 1301, dev.lipsync.core.error.ContentRejectedException",
    "503, 5001, dev.lipsync.core.error.UnavailableException"
  })
  void should_map_the_kling_envelope_by_business_code(int status, int code, String type) throws Exception {
    server.enqueue(json(status, "{\"code\": " + code + ", \"message\": \"vendor says no\", \"request_id\": \"r\"}"));

    Throwable failure = failure(api.status("t1"));

    assertThat(failure.getClass().getName()).isEqualTo(type);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.vendor()).isEqualTo("acme");
    assertThat(error.httpStatus()).isEqualTo(status);
    assertThat(error.vendorCode()).isEqualTo(String.valueOf(code));
    assertThat(error.vendorMessage()).isEqualTo("vendor says no");
  }

  @Test
  void should_read_the_nested_error_format_and_html_pages() throws Exception {
    server.enqueue(json(401, "{\"error\": {\"message\": \"Invalid token\", \"type\": \"auth\", \"code\": \"invalid_api_key\"}}"));
    server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head></html>").build());

    Throwable auth = failure(api.status("t1"));
    Throwable html = failure(api.status("t1"));

    assertThat(auth).isInstanceOf(AuthenticationException.class);
    assertThat(((LipSyncException) auth).vendorMessage()).isEqualTo("Invalid token");
    assertThat(html).isInstanceOf(UnavailableException.class);
    assertThat(((LipSyncException) html).vendorMessage()).isEqualTo("an HTML page \"502 Bad Gateway\"");
  }

  @Test
  void should_carry_retry_after_in_seconds_and_as_a_date() throws Exception {
    server.enqueue(new MockResponse.Builder(json(429, "{}")).setHeader("Retry-After", "12").build());
    server.enqueue(new MockResponse.Builder(json(429, "{}"))
        .setHeader("Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT").build());

    RateLimitedException seconds = (RateLimitedException) failure(api.status("t1"));
    RateLimitedException date = (RateLimitedException) failure(api.status("t1"));

    assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(date.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void should_redact_the_key_when_a_vendor_echoes_it() throws Exception {
    server.enqueue(json(401, "{\"code\": 1001, \"message\": \"key " + KEY + " is invalid\"}"));

    Throwable failure = failure(api.status("t1"));

    assertThat(failure.getMessage()).doesNotContain(KEY).contains("key **** is invalid");
  }

  @Test
  void should_mask_the_key_echoed_in_a_successful_answer() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t1\", \"message\": \"for " + KEY + "\"}"));

    Task task = api.status("t1").get(10, TimeUnit.SECONDS);

    assertThat(task.message).isEqualTo("for ****");
  }

  @Test
  void should_pass_an_answer_without_the_key_on_byte_for_byte() throws Exception {
    // Text outside ASCII, and the key's first characters as the start of a longer word, left alone.
    String body = "{\"task_id\": \"t1\", \"message\": \"Grüße, 你好 " + KEY.substring(0, 8) + "xyz\"}";
    server.enqueue(json(200, body));

    Task task = api.status("t1").get(10, TimeUnit.SECONDS);

    assertThat(task.message).isEqualTo("Grüße, 你好 " + KEY.substring(0, 8) + "xyz");
  }

  @Test
  void should_keep_the_key_from_the_interceptors_of_an_applications_own_client() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t1\", \"message\": \"for " + KEY + "\"}"));
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    okhttp3.OkHttpClient own = new okhttp3.OkHttpClient.Builder()
        .addInterceptor(chain -> {
          okhttp3.Response response = chain.proceed(chain.request());
          seen.add(chain.request().headers() + " -> " + response.peekBody(4096).string());
          return response;
        })
        .build();
    Api logged = VendorHttp.builder("acme")
        .apiKey(ApiKey.of(KEY))
        .baseUrl(server.url("/").toString())
        .client(own)
        .build()
        .create(Api.class);

    logged.status("t1").get(10, TimeUnit.SECONDS);

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(seen).singleElement().asString().contains("User-Agent").contains("for ****").doesNotContain(KEY);
  }

  @Test
  void should_keep_connections_for_every_call_a_busy_vendor_runs_at_once() throws Exception {
    // OkHttp's default pool keeps 5 idle connections; the shared client runs up to 64 calls per host.
    int calls = 12;
    CountDownLatch allArrived = new CountDownLatch(calls);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        allArrived.countDown();
        // Holding each answer until all have arrived makes the client open one connection per call.
        allArrived.await(10, TimeUnit.SECONDS);
        return json(200, "{\"task_id\": \"t\"}");
      }
    });
    List<CompletableFuture<Task>> firstWave = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      firstWave.add(api.status("t" + i));
    }
    CompletableFuture.allOf(firstWave.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    List<CompletableFuture<Task>> secondWave = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      secondWave.add(api.status("t" + i));
    }
    CompletableFuture.allOf(secondWave.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    Set<Integer> connections = new HashSet<>();
    for (int i = 0; i < 2 * calls; i++) {
      connections.add(server.takeRequest().getConnectionIndex());
    }
    assertThat(connections).as("connections opened for two waves of %d calls", calls).hasSize(calls);
  }

  @Test
  void should_run_calls_on_daemon_threads_that_never_keep_an_application_from_exiting() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(10, TimeUnit.SECONDS);
        return json(200, "{\"task_id\": \"t1\"}");
      }
    });

    CompletableFuture<Thread> completedOn = api.status("t1").thenApply(task -> Thread.currentThread());
    answer.countDown();

    Thread thread = completedOn.get(10, TimeUnit.SECONDS);
    assertThat(thread.isDaemon()).isTrue();
  }

  @Test
  void should_report_unavailable_when_nothing_could_be_sent() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Api refused = client("http://127.0.0.1:" + port, Duration.ofSeconds(5)).create(Api.class);

    assertThat(failure(refused.submit(Map.of())))
        .isInstanceOfSatisfying(
            UnavailableException.class, e -> assertThat(e.unreachable()).isTrue())
        .hasMessageContaining("could not connect");
  }

  @Test
  void should_report_submit_outcome_unknown_when_a_paid_call_gets_no_answer() throws Exception {
    Api impatient = client(server.url("/").toString(), Duration.ofMillis(500)).create(Api.class);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    Throwable failure = failure(impatient.submit(Map.of("a", 1)));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void should_report_unavailable_when_a_safe_call_gets_no_answer() throws Exception {
    Api impatient = client(server.url("/").toString(), Duration.ofMillis(500)).create(Api.class);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    assertThat(failure(impatient.status("t1")))
        .isInstanceOfSatisfying(
            UnavailableException.class, e -> assertThat(e.unreachable()).isFalse())
        .hasMessageContaining("no answer");
  }

  @Test
  void should_never_resend_a_paid_call_after_a_reset() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(json(200, "{\"task_id\": \"second\"}"));

    Throwable failure = failure(api.submit(Map.of("a", 1)));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(server.getRequestCount()).as("OkHttp must not retry silently").isEqualTo(1);
  }

  @Test
  void should_report_submit_outcome_unknown_on_a_gateway_timeout_of_a_paid_call() throws Exception {
    server.enqueue(json(504, "{}"));
    server.enqueue(json(504, "{}"));

    assertThat(failure(api.submit(Map.of()))).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(failure(api.status("t1"))).isInstanceOf(UnavailableException.class);
  }

  /**
   * Only the vendor's refusal (a 4xx or 5xx in its error format, with a code that means refused) proves
   * that a paid call created nothing; the same answers to a safe call keep their class.
   */
  @ParameterizedTest(name = "HTTP {0} {1} -> submit {2}, status {3}")
  @CsvSource(delimiter = '|', value = {
    "429 | {\"code\": 1302, \"message\": \"too many requests\"}            | RateLimitedException          | RateLimitedException",
    "401 | {\"error\": {\"code\": \"invalid_api_key\", \"message\": \"no\"}} | AuthenticationException       | AuthenticationException",
    "403 | {\"code\": \"quota_not_enough\", \"message\": \"user quota\"}      | OutOfCreditException          | OutOfCreditException",
    "400 | {\"code\": 1201, \"message\": \"sound_end_time is invalid\"}        | InvalidRequestException       | InvalidRequestException",
    "500 | {\"error\": {\"code\": \"invalid_request\", \"message\": \"bad\"}}  | InvalidRequestException       | InvalidRequestException",
    "400 | {\"code\": 1201, \"message\": \"session_id has expired\"}           | SessionExpiredException       | SessionExpiredException",
    "429 | ''                                                                | SubmitOutcomeUnknownException | RateLimitedException",
    "429 | {\"message\": \"Too Many Requests\"}                              | SubmitOutcomeUnknownException | RateLimitedException",
    "401 | <html><title>401</title></html>                                   | SubmitOutcomeUnknownException | AuthenticationException",
    "500 | {\"code\": 5000, \"message\": \"internal error\"}                 | SubmitOutcomeUnknownException | UnavailableException",
    "503 | {\"code\": 5001, \"message\": \"unavailable\"}                    | SubmitOutcomeUnknownException | UnavailableException",
    "502 | <html><title>502 Bad Gateway</title></html>                       | SubmitOutcomeUnknownException | UnavailableException",
    "502 | ''                                                                | SubmitOutcomeUnknownException | UnavailableException",
    "524 | ''                                                                | SubmitOutcomeUnknownException | UnavailableException",
    "409 | {\"code\": \"conflict\", \"message\": \"in flight\"}            | SubmitOutcomeUnknownException | ProtocolException",
    "200 | {\"code\": 1102, \"message\": \"resource pack depleted\"}          | SubmitOutcomeUnknownException | OutOfCreditException",
    "200 | {\"code\": 5000, \"message\": \"internal error\"}                 | SubmitOutcomeUnknownException | UnavailableException",
  })
  void should_keep_only_the_vendors_refusals_of_a_paid_call(
      int status, String body, String submit, String safe) throws Exception {
    Api enveloped = client(server.url("/").toString(), Duration.ofSeconds(5)).create(Api.class);
    server.enqueue(answer(status, body));
    server.enqueue(answer(status, body));

    Throwable paid = failure(VendorCalls.readPaid("acme", "job-7", () -> enveloped.submit(Map.of()), this::read));
    Throwable unpaid = failure(VendorCalls.read("acme", () -> enveloped.status("t1"), this::read));

    assertThat(paid.getClass().getSimpleName()).as(paid.toString()).isEqualTo(submit);
    assertThat(unpaid.getClass().getSimpleName()).as(unpaid.toString()).isEqualTo(safe);
    assertThat(((LipSyncException) paid).httpStatus()).isEqualTo(status);
    if (paid instanceof SubmitOutcomeUnknownException unknown) {
      assertThat(unknown.idempotencyKey()).isEqualTo("job-7");
      assertThat(unknown.vendor()).isEqualTo("acme");
      assertThat(unknown.getCause()).as("the answer as a safe call reads it").isInstanceOf(LipSyncException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "external_task_id job-7 is already used",
    "duplicate external_task_id",
    "Idempotency key already exists",
    "external task id must be unique: job-7 already exists",
  })
  void should_read_a_refused_key_as_a_task_that_exists(String message) throws Exception {
    server.enqueue(json(400, "{\"code\": 1201, \"message\": \"" + message + "\"}"));

    Throwable paid = failure(VendorCalls.readPaid("acme", "job-7", () -> api.submit(Map.of()), this::read));

    assertThat(paid).isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("a task with the job's key exists already");
    assertThat(((SubmitOutcomeUnknownException) paid).idempotencyKey()).isEqualTo("job-7");
  }

  @Test
  void should_keep_a_refusal_of_another_field_as_a_refusal() throws Exception {
    server.enqueue(json(400, "{\"code\": 1201, \"message\": \"sound_file already expired; external_task_id ok\"}"));

    Throwable paid = failure(VendorCalls.readPaid("acme", "job-7", () -> api.submit(Map.of()), this::read));

    assertThat(paid).isInstanceOf(dev.lipsync.core.error.InvalidRequestException.class);
  }

  /** Reads a task as the adapters' envelope checks do: an error code in a 2xx is the vendor's error. */
  private String read(Task task) {
    ENVELOPE.check(task.code, task.message, ApiKey.of(KEY), null);
    if (task.task_id == null) {
      throw new ProtocolException("acme", "no task_id");
    }
    return task.task_id;
  }

  private static MockResponse answer(int status, String body) {
    String type = body.startsWith("<") ? "text/html" : "application/json";
    return new MockResponse.Builder().code(status).setHeader("Content-Type", type).body(body).build();
  }

  @Test
  void should_report_unreadable_answers_as_protocol_errors_or_unknown_outcomes() throws Exception {
    server.enqueue(json(200, "{\"task_id\": "));
    server.enqueue(json(200, ""));
    server.enqueue(json(200, "{\"task_id\": "));

    assertThat(failure(api.status("t1"))).isInstanceOf(ProtocolException.class);
    assertThat(failure(api.status("t1"))).isInstanceOf(ProtocolException.class);
    assertThat(failure(api.submit(Map.of()))).isInstanceOf(SubmitOutcomeUnknownException.class);
  }

  @Test
  void should_not_follow_redirects() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", server.url("/elsewhere")).build());
    server.enqueue(json(200, "{\"task_id\": \"moved\"}"));

    Throwable failure = failure(api.status("t1"));

    assertThat(failure).isInstanceOf(ProtocolException.class).hasMessageContaining("redirect");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void should_map_404_to_not_found() throws Exception {
    server.enqueue(json(404, "{\"code\": 404, \"msg\": \"Task ID not found\"}"));

    Throwable failure = failure(api.status("nope"));

    assertThat(failure).isInstanceOf(NotFoundException.class);
    assertThat(((LipSyncException) failure).vendorMessage()).isEqualTo("Task ID not found");
  }

  @Test
  void should_map_a_402_to_out_of_credit() throws Exception {
    server.enqueue(json(402, "{\"code\": 402, \"msg\": \"Insufficient credits\"}"));

    assertThat(failure(api.submit(Map.of()))).isInstanceOf(OutOfCreditException.class);
  }

  @Test
  void should_accept_https_and_loopback_http_only() {
    assertThat(BaseUrls.parse("baseUrl", "https://api.example.com").toString()).isEqualTo("https://api.example.com/");
    assertThat(BaseUrls.parse("baseUrl", "http://localhost:8080/api").toString()).isEqualTo("http://localhost:8080/api/");
    assertThat(BaseUrls.parse("baseUrl", "http://127.0.0.2:9").isHttps()).isFalse();
    assertThat(BaseUrls.parse("baseUrl", "http://[::1]:9").host()).isEqualTo("::1");
    assertThatThrownBy(() -> BaseUrls.parse("baseUrl", "http://api.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl: \"http://api.example.com\" uses plain http, which is accepted only for a loopback"
            + " host (localhost, 127.0.0.0/8, [::1]); use https");
    assertThatThrownBy(() -> BaseUrls.parse("baseUrl", "http://10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BaseUrls.parse("baseUrl", "http://evil.localhost:8080"))
        .hasMessageContaining("uses plain http, which is accepted only for a loopback host");
    assertThatThrownBy(() -> BaseUrls.parse("baseUrl", "https://10.1.2.3/api"))
        .hasMessage("baseUrl: \"https://10.1.2.3/api\" is an address in a private network (10.1.2.3), refused"
            + " unless private networks are allowed");
    assertThat(BaseUrls.parse("baseUrl", "https://10.1.2.3/api", true).host()).isEqualTo("10.1.2.3");
    assertThatThrownBy(() -> BaseUrls.parse("baseUrl", "ftp://example.com"))
        .hasMessage("baseUrl: \"ftp://example.com\" is not an absolute http or https URL");
  }

  @Test
  void should_keep_the_key_out_of_every_string() {
    ApiKey key = ApiKey.of(KEY);
    assertThat(key.toString()).isEqualTo("ApiKey[****]");
    assertThat(client(server.url("/").toString(), Duration.ofSeconds(1)).toString()).doesNotContain(KEY);
    assertThatThrownBy(() -> ApiKey.of("  ")).hasMessage("API key is blank");
    assertThatThrownBy(() -> ApiKey.of("sk bad")).hasMessage("API key holds whitespace or control characters");
    assertThatThrownBy(() -> ApiKey.of("sk-clé-42")).hasMessage("API key holds a character that is not printable ASCII");
  }

  @Test
  void should_take_moshi_factories_as_well_as_adapter_objects() throws Exception {
    JsonAdapter.Factory upperCaseIds = (type, annotations, moshi) -> type != String.class ? null
        : new JsonAdapter<String>() {
          @Override
          public String fromJson(JsonReader reader) throws IOException {
            return reader.nextString().toUpperCase(java.util.Locale.ROOT);
          }

          @Override
          public void toJson(JsonWriter writer, String value) throws IOException {
            writer.value(value);
          }
        };
    Api shouting = VendorHttp.builder("acme").apiKey(ApiKey.of(KEY)).baseUrl(server.url("/").toString())
        .jsonAdapter(upperCaseIds).build().create(Api.class);
    server.enqueue(json(200, "{\"task_id\": \"abc\"}"));

    assertThat(shouting.status("t1").get(10, TimeUnit.SECONDS).task_id).isEqualTo("ABC");
  }

  @Test
  void should_require_key_and_base_url() {
    assertThatThrownBy(() -> VendorHttp.builder("acme").baseUrl("https://x.example").build())
        .hasMessage("API key required.");
    assertThatThrownBy(() -> VendorHttp.builder("acme").apiKey(ApiKey.of(KEY)).build())
        .hasMessage("Base URL required.");
  }

  // ---- the answer size cap -------------------------------------------------------------------

  private Api cappedAt(long maxBytes) {
    return VendorHttp.builder("acme").apiKey(ApiKey.of(KEY)).baseUrl(server.url("/").toString())
        .maxAnswerBytes(maxBytes).build().create(Api.class);
  }

  private static String taskOfSize(int bytes) {
    String start = "{\"task_id\": \"";
    return start + "x".repeat(bytes - start.length() - 2) + "\"}";
  }

  @Test
  void should_refuse_an_answer_over_the_default_cap_of_1_mib_as_a_protocol_error() throws Exception {
    server.enqueue(json(200, taskOfSize(2 * 1024 * 1024)));

    assertThat(failure(api.status("t1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("larger than the 1048576-byte cap (2097152 bytes)");
  }

  @Test
  void should_stop_reading_an_answer_without_length_at_the_cap() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .chunkedBody(taskOfSize(50_000), 1_000).build());

    assertThat(failure(cappedAt(4_096).status("t1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("larger than the 4096-byte cap");
  }

  @Test
  void should_read_an_answer_exactly_at_the_cap() throws Exception {
    server.enqueue(json(200, taskOfSize(4_096)));

    assertThat(cappedAt(4_096).status("t1").get(10, TimeUnit.SECONDS).task_id).hasSize(4_096 - 15);
  }

  @Test
  void should_treat_an_oversized_answer_to_a_submit_as_an_unknown_outcome() throws Exception {
    // The vendor answered, so it may well have created the (paid) task.
    server.enqueue(json(200, taskOfSize(10_000)));

    assertThat(failure(cappedAt(4_096).submit(Map.of("prompt", "hello"))))
        .isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("larger than the 4096-byte cap");
  }

  @Test
  void should_refuse_a_cap_that_is_not_positive() {
    assertThatThrownBy(() -> VendorHttp.builder("acme").maxAnswerBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAnswerBytes: 0 must be positive");
  }

  // ---- a broken classpath is no vendor outage ---------------------------------------------------

  /** What OkHttp 5 threw when Maven resolved an older okio beside it. */
  private static NoSuchMethodError okioTooOld() {
    return new NoSuchMethodError("'okio.Socket okio.Okio.socket(java.net.Socket)'");
  }

  private Api brokenBeforeSending() {
    OkHttpClient broken = new OkHttpClient.Builder().addInterceptor(chain -> {
      throw okioTooOld();
    }).build();
    return VendorHttp.builder("acme").apiKey(ApiKey.of(KEY)).baseUrl(server.url("/").toString())
        .client(broken).build().create(Api.class);
  }

  @Test
  void should_surface_a_linkage_error_of_a_call_as_itself() throws Exception {
    Throwable status = failure(brokenBeforeSending().status("t1"));
    Throwable submit = failure(brokenBeforeSending().submit(Map.of("prompt", "x")));

    assertThat(status).isInstanceOf(NoSuchMethodError.class).hasMessageContaining("okio.Okio.socket");
    assertThat(submit).as("nothing was sent, so nothing was paid").isInstanceOf(NoSuchMethodError.class);
    assertThat(server.getRequestCount()).isZero();
  }

  /** A JSON library of the wrong version, failing while it reads an answer. */
  private Api brokenWhileReading() {
    JsonAdapter.Factory broken = (type, annotations, moshi) -> type != Task.class ? null
        : new JsonAdapter<Task>() {
          @Override
          public Task fromJson(JsonReader reader) {
            throw okioTooOld();
          }

          @Override
          public void toJson(JsonWriter writer, Task value) {
            throw new UnsupportedOperationException();
          }
        };
    return VendorHttp.builder("acme").apiKey(ApiKey.of(KEY)).baseUrl(server.url("/").toString())
        .jsonAdapter(broken).build().create(Api.class);
  }

  @Test
  void should_surface_a_linkage_error_met_reading_an_answer_instead_of_never_answering() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t1\"}"));

    assertThat(failure(brokenWhileReading().status("t1"))).isInstanceOf(NoSuchMethodError.class);
  }

  @Test
  void should_take_a_linkage_error_reading_a_submit_answer_as_an_unknown_outcome() throws Exception {
    server.enqueue(json(200, "{\"task_id\": \"t1\"}"));

    Throwable submit = failure(brokenWhileReading().submit(Map.of("prompt", "x")));

    assertThat(submit).as("the vendor answered, so a task may exist")
        .isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasRootCauseInstanceOf(NoSuchMethodError.class)
        .hasMessageContaining("NoSuchMethodError");
  }
}

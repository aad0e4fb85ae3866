package dev.lipsync.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.SimulatedTask;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class CallbackEndpointTest {
  private static final String SECRET = "test-secret_0123456789abcdefghijklmnopqrstu";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Sandbox sandbox = new Sandbox();
  private final ApiModelsSimulator apimodels = sandbox.simulators.apimodels();
  /** apimodels only, polling tasks hourly: during a test only a callback can end one. */
  private final LipSyncGateway gateway = LipSyncGateway.builder()
      .provider(sandbox.vendors(Sandbox.HOURLY).apiModels().orElseThrow())
      .scheduler(sandbox.scheduler)
      .pollSchedule(Sandbox.HOURLY)
      .build();
  /** The vendor of every call the endpoint made to the gateway. */
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<CallbackEndpoint> endpoints = new ArrayList<>();
  private final CallbackEndpoint endpoint = start(CallbackEndpoint.builder(this::receive).masterSecret(SECRET));
  /** apimodels' token: the same at every endpoint with this master secret. */
  private final String token = tokenIn(endpoint.callbackUrl("apimodels"));

  @AfterEach
  void close() {
    endpoints.forEach(CallbackEndpoint::close);
    gateway.close();
    sandbox.close();
  }

  private CallbackOutcome receive(String vendor, String body) {
    received.add(vendor);
    return gateway.onCallback(vendor, body);
  }

  private CallbackEndpoint start(CallbackEndpoint.Builder builder) {
    CallbackEndpoint started = builder.start();
    endpoints.add(started);
    return started;
  }

  private static String tokenIn(String callbackUrl) {
    return callbackUrl.substring(callbackUrl.lastIndexOf('/') + 1);
  }

  /** Runs a job with the endpoint's callback URL until apimodels created its task; returns the handle. */
  private JobHandle runJob() throws Exception {
    CompletableFuture<TaskRef> submitted = new CompletableFuture<>();
    JobHandle handle = gateway.run(LipSyncJob.builder()
            .videoUrl("https://example.com/interview.mp4")
            .audio(AudioSource.url(apimodels.audioUrl()))
            .callbackUrl(endpoint.callbackUrl("apimodels"))
            .build(),
        event -> {
          if (event.type() == JobEvent.Type.SUBMITTED) {
            submitted.complete(event.taskRef());
          }
        });
    submitted.get(10, TimeUnit.SECONDS);
    return handle;
  }

  /** The task of a job, finished at the simulator (as the vendor's task ends before it calls back). */
  private SimulatedTask finishedTask(JobHandle handle) {
    SimulatedTask task = apimodels.task(handle.taskRef().orElseThrow().taskId());
    assertThat(task).isNotNull();
    task.finish(true);
    return task;
  }

  private HttpResponse<String> send(CallbackEndpoint to, String method, String path, byte[] body) throws Exception {
    InetSocketAddress address = to.address();
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://" + address.getHostString() + ":" + address.getPort() + path))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send(endpoint, "POST", path, body.getBytes(UTF_8));
  }

  /** Writes a request by hand (headers, then part of a body), and reads the status line of the answer. */
  private static String statusLine(CallbackEndpoint to, String head, byte[] bodyPart) throws IOException {
    try (Socket socket = new Socket(to.address().getAddress(), to.address().getPort())) {
      // Bounds the test if the endpoint waited for the rest of the body instead of answering.
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(US_ASCII));
      out.write(bodyPart);
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
    }
  }

  // ---- the gateway's side --------------------------------------------------------------------

  @Test
  void should_end_the_tracked_task_from_its_callback_without_polling() throws Exception {
    JobHandle handle = runJob();
    SimulatedTask task = finishedTask(handle);
    assertThat(task.request()).containsEntry("callback_url", endpoint.callbackUrl("apimodels"));

    int status = apimodels.deliverCallback(task.id(), endpoint.callbackUrl("apimodels"));

    assertThat(status).isEqualTo(204);
    LipSyncResult result = handle.result().get(5, TimeUnit.SECONDS);
    assertThat(result.videos()).extracting(video -> video.url().toString())
        .containsExactly(apimodels.baseUrl() + "/results/apimodels-" + task.id() + ".mp4");
    assertThat(task.polls()).as("the one status call that confirmed the callback; no poll").isEqualTo(1);
  }

  @Test
  void should_answer_2xx_to_a_duplicate_callback() throws Exception {
    JobHandle handle = runJob();
    SimulatedTask task = finishedTask(handle);
    apimodels.deliverCallback(task.id(), endpoint.callbackUrl("apimodels"));
    LipSyncResult first = handle.result().get(5, TimeUnit.SECONDS);

    int again = apimodels.deliverCallback(task.id(), endpoint.callbackUrl("apimodels"));

    assertThat(again).isEqualTo(204);
    assertThat(received).containsExactly("apimodels", "apimodels");
    assertThat(handle.result().get()).isEqualTo(first);
  }

  @Test
  void should_not_act_on_a_callback_about_a_task_the_gateway_does_not_track() throws Exception {
    JobHandle handle = runJob();
    SimulatedTask task = finishedTask(handle);
    String real = apimodels.callbackBody(task.id());
    String forged = real.replace("\"taskId\":\"" + task.id() + "\"", "\"taskId\":\"untracked-4242\"");
    assertThat(forged).isNotEqualTo(real);

    HttpResponse<String> response = post("/callbacks/apimodels/" + token, forged);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(received).containsExactly("apimodels");
    assertThat(handle.result()).isNotDone();
    assertThat(handle.state()).isEqualTo(JobState.RUNNING);
    // The task's own callback still ends it.
    assertThat(post("/callbacks/apimodels/" + token, real).statusCode()).isEqualTo(204);
    assertThat(handle.result().get(5, TimeUnit.SECONDS).taskRef().taskId()).isEqualTo(task.id());
  }

  @Test
  void should_answer_404_to_a_vendor_the_gateway_does_not_know() throws Exception {
    String cometapiToken = tokenIn(endpoint.callbackUrl("cometapi"));

    HttpResponse<String> response = post("/callbacks/cometapi/" + cometapiToken, "{\"task_id\": \"1\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(received).containsExactly("cometapi");
  }

  // ---- bodies ----------------------------------------------------------------------------------

  @Test
  void should_answer_400_to_a_malformed_body_and_go_on_serving() throws Exception {
    assertThat(post("/callbacks/apimodels/" + token, "{not json").statusCode()).isEqualTo(400);
    assertThat(post("/callbacks/apimodels/" + token, "").statusCode()).isEqualTo(400);
    byte[] notUtf8 = {'{', (byte) 0xC3, '(', '}'};
    assertThat(send(endpoint, "POST", "/callbacks/apimodels/" + token, notUtf8).statusCode()).isEqualTo(400);

    // Text that is not UTF-8 never reaches the gateway; the rest did, and it said "malformed".
    assertThat(received).containsExactly("apimodels", "apimodels");
    JobHandle handle = runJob();
    SimulatedTask task = finishedTask(handle);
    assertThat(apimodels.deliverCallback(task.id(), endpoint.callbackUrl("apimodels"))).isEqualTo(204);
  }

  @Test
  void should_refuse_a_body_declared_over_the_cap_without_reading_it() throws IOException {
    String head = "POST /callbacks/apimodels/" + token + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + (100 * 1024 * 1024) + "\r\n\r\n";

    // Only a kilobyte of the declared 100 MiB is sent: an endpoint reading the body would wait for ever.
    String status = statusLine(endpoint, head, new byte[1024]);

    assertThat(status).startsWith("HTTP/1.1 413");
    assertThat(received).isEmpty();
  }

  @Test
  void should_refuse_a_streamed_body_over_the_cap_having_read_no_further_than_cap_plus_one() throws IOException {
    CallbackEndpoint small = start(CallbackEndpoint.builder(this::receive).masterSecret(SECRET).maxBodyBytes(1024));
    String head = "POST /callbacks/apimodels/" + token + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        // One chunk announced at 1 MiB, of which only cap + 1 bytes arrive.
        + Integer.toHexString(1024 * 1024) + "\r\n";

    String status = statusLine(small, head, "x".repeat(1025).getBytes(US_ASCII));

    assertThat(status).startsWith("HTTP/1.1 413");
    assertThat(received).isEmpty();
  }

  @Test
  void should_take_a_body_of_exactly_the_cap() throws Exception {
    CallbackEndpoint small = start(CallbackEndpoint.builder(this::receive).masterSecret(SECRET).maxBodyBytes(1024));

    HttpResponse<String> atCap = send(small, "POST", "/callbacks/apimodels/" + token, new byte[1024]);
    HttpResponse<String> overCap = send(small, "POST", "/callbacks/apimodels/" + token, new byte[1025]);

    // Zero bytes are no callback: the gateway saw the first body and said so.
    assertThat(atCap.statusCode()).isEqualTo(400);
    assertThat(overCap.statusCode()).isEqualTo(413);
    assertThat(received).containsExactly("apimodels");
  }

  // ---- the token -------------------------------------------------------------------------------

  @Test
  void should_refuse_every_request_without_the_right_token_alike_and_never_call_the_gateway() throws Exception {
    JobHandle handle = runJob();
    String body = apimodels.callbackBody(finishedTask(handle).id());
    char last = token.charAt(token.length() - 1);
    List<String> paths = List.of(
        "/callbacks/apimodels",
        "/callbacks/apimodels/",
        "/callbacks/apimodels/" + "x".repeat(token.length()),
        "/callbacks/apimodels/" + token.substring(0, token.length() - 1),
        "/callbacks/apimodels/" + token.substring(0, token.length() - 1) + (char) (last + 1),
        "/callbacks/apimodels/" + token + "x",
        "/callbacks/apimodels/" + token.toUpperCase(java.util.Locale.ROOT),
        "/callbacks/apimodels/" + token + "/",
        "/callbacks/apimodels?token=" + token,
        "/callbacks/" + token,
        "/callbacks/" + token + "/apimodels",
        "/",
        "/anything/else");

    for (String path : paths) {
      HttpResponse<String> response = post(path, body);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).isEmpty();
    }

    assertThat(received).isEmpty();
    assertThat(handle.result()).isNotDone();
  }

  @Test
  void should_answer_405_to_a_method_other_than_post() throws Exception {
    for (String method : List.of("GET", "PUT", "DELETE")) {
      HttpResponse<String> response = send(endpoint, method, "/callbacks/apimodels/" + token, new byte[0]);

      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).as(method).hasValue("POST");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void should_answer_500_when_the_receiver_fails_and_go_on_serving() throws Exception {
    CallbackEndpoint failing = start(CallbackEndpoint.builder((vendor, body) -> {
      throw new IllegalStateException("boom");
    }).masterSecret(SECRET));

    for (int i = 0; i < 2; i++) {
      assertThat(send(failing, "POST", "/callbacks/apimodels/" + token, new byte[] {'{', '}'}).statusCode())
          .isEqualTo(500);
    }
  }

  @ParameterizedTest
  @EnumSource(CallbackOutcome.class)
  void should_answer_2xx_only_where_a_vendor_must_not_retry(CallbackOutcome outcome) {
    int expected = switch (outcome) {
      case ACCEPTED, UNKNOWN_TASK -> 204;
      case MALFORMED -> 400;
      case UNKNOWN_VENDOR -> 404;
    };
    assertThat(CallbackEndpoint.statusFor(outcome)).isEqualTo(expected);
  }

  // ---- a token per vendor --------------------------------------------------------------------

  @Test
  void should_give_each_vendor_its_own_token_derived_from_the_master_secret() throws Exception {
    String apimodelsUrl = endpoint.callbackUrl("apimodels");
    String cometapiUrl = endpoint.callbackUrl("cometapi");

    assertThat(tokenIn(apimodelsUrl)).isNotEqualTo(tokenIn(cometapiUrl));
    // The documented derivation, so that an application can check or recompute its URLs.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(US_ASCII), "HmacSHA256"));
    assertThat(tokenIn(cometapiUrl)).isEqualTo(
        Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal("cometapi".getBytes(UTF_8))));
    assertThat(tokenIn(apimodelsUrl)).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void should_refuse_one_vendors_token_at_another_vendors_path_like_any_wrong_token() throws Exception {
    JobHandle handle = runJob();
    String body = apimodels.callbackBody(finishedTask(handle).id());
    String cometapiToken = tokenIn(endpoint.callbackUrl("cometapi"));
    String aladToken = tokenIn(endpoint.callbackUrl("alad"));

    for (String path : List.of("/callbacks/apimodels/" + cometapiToken, "/callbacks/apimodels/" + aladToken,
        "/callbacks/cometapi/" + token)) {
      HttpResponse<String> response = post(path, body);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).isEmpty();
    }

    assertThat(received).isEmpty();
    assertThat(handle.result()).isNotDone();
    // apimodels' own token still ends the task.
    assertThat(post("/callbacks/apimodels/" + token, body).statusCode()).isEqualTo(204);
    assertThat(handle.result().get(5, TimeUnit.SECONDS).taskRef().vendor()).isEqualTo("apimodels");
  }

  @Test
  void should_keep_the_urls_of_a_master_secret_across_restarts() throws Exception {
    String before = endpoint.callbackUrl("apimodels");
    endpoint.close();
    CallbackEndpoint restarted = start(CallbackEndpoint.builder(this::receive).masterSecret(SECRET));
    CallbackEndpoint other = start(CallbackEndpoint.builder(this::receive).masterSecret(CallbackEndpoint.newMasterSecret()));

    assertThat(tokenIn(restarted.callbackUrl("apimodels"))).isEqualTo(tokenIn(before));
    assertThat(tokenIn(other.callbackUrl("apimodels"))).isNotEqualTo(tokenIn(before));
    // A task submitted before the restart calls back at the URL it was given, and is heard.
    HttpResponse<String> response = send(restarted, "POST", "/callbacks/apimodels/" + tokenIn(before), new byte[] {'{'});
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(received).containsExactly("apimodels");
  }

  @Test
  void should_make_a_new_random_master_secret_unless_given_one() {
    CallbackEndpoint first = start(CallbackEndpoint.builder(this::receive));
    CallbackEndpoint second = start(CallbackEndpoint.builder(this::receive));

    String a = tokenIn(first.callbackUrl("apimodels"));
    String b = tokenIn(second.callbackUrl("apimodels"));
    assertThat(a).matches("[A-Za-z0-9_-]{43}");
    assertThat(a).isNotEqualTo(b);
    assertThat(CallbackEndpoint.newMasterSecret()).matches("[A-Za-z0-9_-]{43}")
        .isNotEqualTo(CallbackEndpoint.newMasterSecret());
  }

  @Test
  void should_keep_tokens_and_the_master_secret_out_of_its_description_and_its_errors() {
    String cometapiToken = tokenIn(endpoint.callbackUrl("cometapi"));
    assertThat(endpoint.toString()).doesNotContain(token).doesNotContain(cometapiToken).doesNotContain(SECRET)
        .contains("token hidden");
    assertThat(endpoint.redactedCallbackUrl("apimodels")).doesNotContain(token)
        .isEqualTo("http://127.0.0.1:" + endpoint.address().getPort() + "/callbacks/apimodels/<token hidden>");
    String weak = "sixteen-chars-xx";
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).masterSecret(weak))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("masterSecret must be at least 32 characters")
        .hasMessageContaining("got 16 characters")
        .message().doesNotContain(weak);
    String slashes = "/".repeat(40);
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).masterSecret(slashes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("masterSecret")
        .message().doesNotContain(slashes);
    assertThatThrownBy(() -> endpoint.callbackUrl("Api Models"))
        .message().doesNotContain(SECRET).doesNotContain(token);
  }

  @Test
  void should_never_log_a_token_or_the_master_secret() throws Exception {
    String cometapiToken = tokenIn(endpoint.callbackUrl("cometapi"));
    PrintStream standardError = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    // slf4j-simple writes to whatever System.err is at the time of each line.
    System.setErr(new PrintStream(logged, true, UTF_8));
    try {
      CallbackEndpoint quick = start(CallbackEndpoint.builder((vendor, body) -> {
        throw new IllegalStateException("boom");
      }).masterSecret(SECRET).headerTimeout(Duration.ofMillis(200)).bodyTimeout(Duration.ofMillis(200)));
      String path = "/callbacks/apimodels/" + token;
      post("/callbacks/cometapi/" + token, "{}");
      post("/callbacks/apimodels/" + cometapiToken, "{}");
      post(path + "x", "{}");
      send(endpoint, "GET", path, new byte[0]);
      send(quick, "POST", path, new byte[] {'{', '}'});
      // Requests Jetty refuses itself: a broken request line, headers too large, a bad length.
      statusLine(endpoint, "POST " + path + " HTTP/1.1 junk\r\nHost: x\r\n\r\n", new byte[0]);
      statusLine(endpoint, "POST " + path + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
          new byte[0]);
      statusLine(endpoint, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n", new byte[0]);
      statusLine(endpoint, "POST " + path + "%zz HTTP/1.1\r\nHost: x\r\n\r\n", new byte[0]);
      // Out of time: the body, then the headers (the server closes the connection without an answer).
      assertThat(statusLine(quick, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n",
          new byte[] {'{'})).startsWith("HTTP/1.1 408");
      assertThat(statusLine(quick, "POST " + path + " HTTP/1.1\r\nHost: x\r\n", new byte[0])).isNull();
      quick.close();
    } finally {
      System.setErr(standardError);
    }

    String log = logged.toString(UTF_8);
    assertThat(log).as("the log, with Jetty at INFO (see the module's surefire settings)")
        .contains("Refused a request without a valid callback token")
        .contains("A callback could not be handled")
        .contains("Started ")
        .doesNotContain(token)
        .doesNotContain(cometapiToken)
        .doesNotContain(SECRET);
  }

  // ---- time bounds ---------------------------------------------------------------------------

  @Test
  void should_close_a_connection_whose_headers_stop_coming_and_answer_408_to_a_body_that_does() throws IOException {
    CallbackEndpoint quick = start(CallbackEndpoint.builder(this::receive).masterSecret(SECRET)
        .idleTimeout(Duration.ofMillis(200)));
    String head = "POST /callbacks/apimodels/" + token + " HTTP/1.1\r\nHost: localhost\r\n";

    assertThat(statusLine(quick, head, new byte[0])).as("headers never finished").isNull();
    assertThat(statusLine(quick, head + "Content-Length: 10\r\n\r\n", new byte[] {'{'}))
        .as("body never finished").startsWith("HTTP/1.1 408");
    assertThat(received).isEmpty();
  }

  @Test
  void should_wait_for_a_receiver_that_takes_longer_than_the_idle_time() throws IOException {
    CallbackEndpoint patient = start(CallbackEndpoint.builder((vendor, body) -> {
      // The receiver's work, four idle times long: the idle time bounds the client, not the receiver.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(400));
      return receive(vendor, body);
    }).masterSecret(SECRET).idleTimeout(Duration.ofMillis(100)));
    String head = "POST /callbacks/apimodels/" + token + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n";

    assertThat(statusLine(patient, head, new byte[] {'{', '}'})).startsWith("HTTP/1.1 400");
    assertThat(received).containsExactly("apimodels");
  }

  // ---- the server ------------------------------------------------------------------------------

  @Test
  void should_run_on_daemon_threads_only_and_stop_them_on_close() {
    CallbackEndpoint started = start(CallbackEndpoint.builder(this::receive));
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(thread -> thread.getName().startsWith("lipsync-callbacks-"))
        .isNotEmpty()
        .allSatisfy(thread -> assertThat(thread.isDaemon()).as(thread.getName()).isTrue());
    started.close();
    assertThatThrownBy(() -> send(started, "POST", "/callbacks/apimodels/" + token, new byte[] {'{'}))
        .isInstanceOf(IOException.class);
  }

  @Test
  void should_refuse_timeouts_out_of_range_naming_the_setting() {
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).headerTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headerTimeout must be from 1 ms to 1 hour");
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).bodyTimeout(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bodyTimeout");
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).idleTimeout(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
  }

  @Test
  void should_give_urls_at_the_public_url_naming_the_vendor() {
    CallbackEndpoint proxied = start(
        CallbackEndpoint.builder(this::receive).masterSecret(SECRET).publicUrl("https://hooks.example.com/"));

    assertThat(proxied.callbackUrl("apimodels")).isEqualTo("https://hooks.example.com/callbacks/apimodels/" + token);
    assertThat(endpoint.callbackUrl("apimodels")).isEqualTo(
        "http://127.0.0.1:" + endpoint.address().getPort() + "/callbacks/apimodels/" + token);
    assertThatThrownBy(() -> endpoint.callbackUrl("Api Models"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case letters");
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).publicUrl("https://hooks.example.com/?a=b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without query");
  }
}

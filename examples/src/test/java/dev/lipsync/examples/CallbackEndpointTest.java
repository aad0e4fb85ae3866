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
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class CallbackEndpointTest {
  private static final String TOKEN = "test-token_0123456789abcdefghijklmnopqrstuv";
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
  private final CallbackEndpoint endpoint = start(CallbackEndpoint.builder(this::receive).token(TOKEN));

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

    HttpResponse<String> response = post("/callbacks/apimodels/" + TOKEN, forged);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(received).containsExactly("apimodels");
    assertThat(handle.result()).isNotDone();
    assertThat(handle.state()).isEqualTo(JobState.RUNNING);
    // The task's own callback still ends it.
    assertThat(post("/callbacks/apimodels/" + TOKEN, real).statusCode()).isEqualTo(204);
    assertThat(handle.result().get(5, TimeUnit.SECONDS).taskRef().taskId()).isEqualTo(task.id());
  }

  @Test
  void should_answer_404_to_a_vendor_the_gateway_does_not_know() throws Exception {
    HttpResponse<String> response = post("/callbacks/cometapi/" + TOKEN, "{\"task_id\": \"1\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(received).containsExactly("cometapi");
  }

  // ---- bodies ----------------------------------------------------------------------------------

  @Test
  void should_answer_400_to_a_malformed_body_and_go_on_serving() throws Exception {
    assertThat(post("/callbacks/apimodels/" + TOKEN, "{not json").statusCode()).isEqualTo(400);
    assertThat(post("/callbacks/apimodels/" + TOKEN, "").statusCode()).isEqualTo(400);
    byte[] notUtf8 = {'{', (byte) 0xC3, '(', '}'};
    assertThat(send(endpoint, "POST", "/callbacks/apimodels/" + TOKEN, notUtf8).statusCode()).isEqualTo(400);

    // Text that is not UTF-8 never reaches the gateway; the rest did, and it said "malformed".
    assertThat(received).containsExactly("apimodels", "apimodels");
    JobHandle handle = runJob();
    SimulatedTask task = finishedTask(handle);
    assertThat(apimodels.deliverCallback(task.id(), endpoint.callbackUrl("apimodels"))).isEqualTo(204);
  }

  @Test
  void should_refuse_a_body_declared_over_the_cap_without_reading_it() throws IOException {
    String head = "POST /callbacks/apimodels/" + TOKEN + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + (100 * 1024 * 1024) + "\r\n\r\n";

    // Only a kilobyte of the declared 100 MiB is sent: an endpoint reading the body would wait for ever.
    String status = statusLine(endpoint, head, new byte[1024]);

    assertThat(status).startsWith("HTTP/1.1 413");
    assertThat(received).isEmpty();
  }

  @Test
  void should_refuse_a_streamed_body_over_the_cap_having_read_no_further_than_cap_plus_one() throws IOException {
    CallbackEndpoint small = start(CallbackEndpoint.builder(this::receive).token(TOKEN).maxBodyBytes(1024));
    String head = "POST /callbacks/apimodels/" + TOKEN + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        // One chunk announced at 1 MiB, of which only cap + 1 bytes arrive.
        + Integer.toHexString(1024 * 1024) + "\r\n";

    String status = statusLine(small, head, "x".repeat(1025).getBytes(US_ASCII));

    assertThat(status).startsWith("HTTP/1.1 413");
    assertThat(received).isEmpty();
  }

  @Test
  void should_take_a_body_of_exactly_the_cap() throws Exception {
    CallbackEndpoint small = start(CallbackEndpoint.builder(this::receive).token(TOKEN).maxBodyBytes(1024));

    HttpResponse<String> atCap = send(small, "POST", "/callbacks/apimodels/" + TOKEN, new byte[1024]);
    HttpResponse<String> overCap = send(small, "POST", "/callbacks/apimodels/" + TOKEN, new byte[1025]);

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
    char last = TOKEN.charAt(TOKEN.length() - 1);
    List<String> paths = List.of(
        "/callbacks/apimodels",
        "/callbacks/apimodels/",
        "/callbacks/apimodels/" + "x".repeat(TOKEN.length()),
        "/callbacks/apimodels/" + TOKEN.substring(0, TOKEN.length() - 1),
        "/callbacks/apimodels/" + TOKEN.substring(0, TOKEN.length() - 1) + (char) (last + 1),
        "/callbacks/apimodels/" + TOKEN + "x",
        "/callbacks/apimodels/" + TOKEN.toUpperCase(java.util.Locale.ROOT),
        "/callbacks/apimodels/" + TOKEN + "/",
        "/callbacks/apimodels?token=" + TOKEN,
        "/callbacks/" + TOKEN,
        "/callbacks/" + TOKEN + "/apimodels",
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
      HttpResponse<String> response = send(endpoint, method, "/callbacks/apimodels/" + TOKEN, new byte[0]);

      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).as(method).hasValue("POST");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void should_answer_500_when_the_receiver_fails_and_go_on_serving() throws Exception {
    CallbackEndpoint failing = start(CallbackEndpoint.builder((vendor, body) -> {
      throw new IllegalStateException("boom");
    }).token(TOKEN));

    for (int i = 0; i < 2; i++) {
      assertThat(send(failing, "POST", "/callbacks/apimodels/" + TOKEN, new byte[] {'{', '}'}).statusCode())
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

  @Test
  void should_keep_the_token_out_of_its_description_and_its_errors() {
    assertThat(endpoint.toString()).doesNotContain(TOKEN).contains("token hidden");
    assertThat(endpoint.redactedCallbackUrl("apimodels")).doesNotContain(TOKEN)
        .isEqualTo("http://127.0.0.1:" + endpoint.address().getPort() + "/callbacks/apimodels/<token hidden>");
    String weak = "sixteen-chars-xx";
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).token(weak))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 characters")
        .hasMessageContaining("got 16 characters")
        .message().doesNotContain(weak);
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).token("/".repeat(40)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_make_a_new_random_token_unless_given_one() {
    CallbackEndpoint first = start(CallbackEndpoint.builder(this::receive));
    CallbackEndpoint second = start(CallbackEndpoint.builder(this::receive));

    String a = first.callbackUrl("apimodels");
    String b = second.callbackUrl("apimodels");
    assertThat(a.substring(a.lastIndexOf('/') + 1)).matches("[A-Za-z0-9_-]{43}");
    assertThat(a.substring(a.lastIndexOf('/'))).isNotEqualTo(b.substring(b.lastIndexOf('/')));
  }

  @Test
  void should_give_urls_at_the_public_url_naming_the_vendor() {
    CallbackEndpoint proxied = start(
        CallbackEndpoint.builder(this::receive).token(TOKEN).publicUrl("https://hooks.example.com/"));

    assertThat(proxied.callbackUrl("apimodels")).isEqualTo("https://hooks.example.com/callbacks/apimodels/" + TOKEN);
    assertThat(endpoint.callbackUrl("apimodels")).isEqualTo(
        "http://127.0.0.1:" + endpoint.address().getPort() + "/callbacks/apimodels/" + TOKEN);
    assertThatThrownBy(() -> endpoint.callbackUrl("Api Models"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case letters");
    assertThatThrownBy(() -> CallbackEndpoint.builder(this::receive).publicUrl("https://hooks.example.com/?a=b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without query");
  }
}

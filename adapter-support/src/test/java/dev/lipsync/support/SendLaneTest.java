package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.provider.Withdrawable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

/**
 * Issue 28, part 3, in miniature: a vendor whose status answers are held until the test releases them,
 * so that polls fill the dispatcher's places for the host, and then a submit. The submit must be sent
 * (the vendor records it) and answered; one that could not be sent must fail as not sent, and never be
 * sent afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendLaneTest {
  private static final String KEY = "sk-test-1a2b3c4d5e6f7a8b";
  /** The shared client's places per host, {@code VendorHttp.SharedClient.MAX_REQUESTS_PER_HOST}. */
  private static final int PER_HOST = 64;

  interface Api {
    @GET("v1/tasks/{id}")
    CompletableFuture<Task> status(@Path("id") String id);

    @POST("v1/faces")
    CompletableFuture<Task> identify(@Body Map<String, Object> body);

    @Paid
    @POST("v1/tasks")
    CompletableFuture<Task> submit(@Body Map<String, Object> body);
  }

  static final class Task {
    String task_id;
  }

  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch releasePolls = new CountDownLatch(1);
  private final CountDownLatch releaseSubmits = new CountDownLatch(1);
  private final AtomicInteger pollsReceived = new AtomicInteger();
  private final AtomicInteger submitsReceived = new AtomicInteger();
  private final AtomicInteger identificationsReceived = new AtomicInteger();
  private volatile CountDownLatch pollsHeld = new CountDownLatch(PER_HOST);
  private volatile CountDownLatch submitHeld = new CountDownLatch(1);
  private volatile boolean holdSubmits;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        if (request.getMethod().equals("GET")) {
          pollsReceived.incrementAndGet();
          pollsHeld.countDown();
          // A slow status answer: it holds the client's place for the host until released.
          releasePolls.await(30, TimeUnit.SECONDS);
          return json("{\"task_id\": \"polled\"}");
        }
        if (path.equals("/v1/faces")) {
          identificationsReceived.incrementAndGet();
          return json("{\"task_id\": \"session-1\"}");
        }
        int submit = submitsReceived.incrementAndGet();
        if (holdSubmits) {
          submitHeld.countDown();
          releaseSubmits.await(30, TimeUnit.SECONDS);
        }
        return json("{\"task_id\": \"task-" + submit + "\"}");
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    releasePolls.countDown();
    releaseSubmits.countDown();
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
  }

  private VendorHttp.Builder http() {
    return VendorHttp.builder("acme").apiKey(ApiKey.of(KEY)).baseUrl(server.url("/").toString());
  }

  @Test
  void should_send_a_submit_and_an_identification_at_once_while_slow_polls_fill_the_per_host_limit()
      throws Exception {
    Api api = http().build().create(Api.class);
    List<CompletableFuture<Task>> polls = new ArrayList<>();
    for (int i = 0; i <= PER_HOST; i++) {
      polls.add(api.status("t" + i));
    }
    assertThat(pollsHeld.await(20, TimeUnit.SECONDS)).as("the vendor holds %s polls", PER_HOST).isTrue();
    assertThat(pollsReceived.get()).as("the last poll waits in the client's queue").isEqualTo(PER_HOST);

    Task created = assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> api.submit(Map.of("prompt", "hi")).get(), "the submit was not sent");
    Task session = assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> api.identify(Map.of("video", "v")).get(), "the identification was not sent");

    assertThat(created.task_id).isEqualTo("task-1");
    assertThat(submitsReceived.get()).as("the vendor received the submit once").isEqualTo(1);
    assertThat(session.task_id).isEqualTo("session-1");
    assertThat(identificationsReceived.get()).isEqualTo(1);
    assertThat(polls).noneMatch(CompletableFuture::isDone);
    releasePolls.countDown();
    for (CompletableFuture<Task> poll : polls) {
      assertThat(poll.get(20, TimeUnit.SECONDS).task_id).isEqualTo("polled");
    }
  }

  @Test
  void should_withdraw_a_paid_call_still_queued_so_it_fails_as_not_sent_and_is_never_sent() throws Exception {
    okhttp3.Dispatcher onePerHost = new okhttp3.Dispatcher();
    onePerHost.setMaxRequestsPerHost(1);
    Api api = http().client(new OkHttpClient.Builder().dispatcher(onePerHost).build()).build().create(Api.class);
    holdSubmits = true;

    CompletableFuture<String> sent =
        VendorCalls.readPaid("acme", "key-1", () -> api.submit(Map.of("n", 1)), task -> task.task_id);
    assertThat(submitHeld.await(20, TimeUnit.SECONDS)).as("the vendor has the first submit").isTrue();
    CompletableFuture<String> queued =
        VendorCalls.readPaid("acme", "key-2", () -> api.submit(Map.of("n", 2)), task -> task.task_id);
    assertThat(onePerHost.queuedCallsCount()).as("the second submit waits for the host's one place").isEqualTo(1);

    assertThat(sent).isInstanceOf(Withdrawable.class);
    assertThat(((Withdrawable) sent).withdrawIfUnsent()).as("the vendor may have the first").isFalse();
    assertThat(((Withdrawable) queued).withdrawIfUnsent()).as("the second never left the queue").isTrue();
    releaseSubmits.countDown();

    assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo("task-1");
    Throwable failure = failureOf(queued);
    assertThat(failure)
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("acme")
        .hasMessageContaining("withdrawn before it was sent");
    assertThat(((UnavailableException) failure).unreachable()).as("nothing was sent").isTrue();
    assertThat(submitsReceived.get()).as("the vendor received the first submit only").isEqualTo(1);
  }

  @Test
  void should_not_withdraw_a_call_once_it_was_sent_even_after_it_was_answered() throws Exception {
    Api api = http().build().create(Api.class);

    CompletableFuture<Task> submit = api.submit(Map.of("n", 1));
    submit.get(20, TimeUnit.SECONDS);

    assertThat(((Withdrawable) submit).withdrawIfUnsent()).isFalse();
    assertThat(submitsReceived.get()).isEqualTo(1);
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return LipSyncException.causeOf(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no failure within 20 s", e);
    }
    throw new AssertionError("expected a failure");
  }
}

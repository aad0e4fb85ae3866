package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Waiting on futures while the manual clock moves. */
class VirtualTimeTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualScheduler clock = new ManualScheduler(START);

  @Test
  void should_jump_to_each_due_action_when_nothing_else_is_under_way() {
    CompletableFuture<String> done = new CompletableFuture<>();
    List<Instant> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(5), () -> ran.add(clock.now()));
    clock.schedule(Duration.ofMinutes(15), () -> done.complete("polled"));
    clock.schedule(Duration.ofHours(1), () -> ran.add(clock.now()));

    String value = VirtualTime.await(done, clock, () -> false);

    assertThat(value).isEqualTo("polled");
    assertThat(ran).containsExactly(START.plusSeconds(5));
    assertThat(clock.now()).as("no further than needed").isEqualTo(START.plus(Duration.ofMinutes(15)));
  }

  @Test
  void should_hold_the_clock_while_work_outside_it_is_under_way() {
    CompletableFuture<String> done = new CompletableFuture<>();
    clock.schedule(Duration.ofSeconds(30), () -> done.complete("timed out"));
    List<Instant> seenWhileBusy = new ArrayList<>();

    String value = VirtualTime.await(done, clock, () -> {
      if (seenWhileBusy.size() < 5) {
        seenWhileBusy.add(clock.now());
        return true;
      }
      return false;
    });

    assertThat(value).isEqualTo("timed out");
    assertThat(seenWhileBusy).hasSize(5).containsOnly(START);
  }

  @Test
  void should_report_the_failure_of_a_future_unwrapped() {
    CompletableFuture<String> failing = new CompletableFuture<>();
    clock.schedule(Duration.ofSeconds(1), () -> failing.completeExceptionally(new IllegalStateException("late")));

    Throwable failure = VirtualTime.failure(failing, clock, () -> false);

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("late");
  }

  @Test
  void should_stop_where_a_condition_holds_without_running_what_falls_due_later() {
    AtomicInteger polls = new AtomicInteger();
    for (int seconds : new int[] {5, 10, 15}) {
      clock.schedule(Duration.ofSeconds(seconds), polls::incrementAndGet);
    }

    VirtualTime.until(() -> polls.get() >= 2, clock, () -> false);

    assertThat(polls).hasValue(2);
    assertThat(clock.now()).isEqualTo(START.plusSeconds(10));
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void should_see_a_call_in_flight_from_its_sending_until_its_callback_has_returned() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    OkHttpClient client = new OkHttpClient();
    BooleanSupplier inFlight = VirtualTime.callsInFlight(client);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new MockResponse.Builder().code(204).build();
        }
      });
      server.start();
      assertThat(inFlight.getAsBoolean()).as("before any call").isFalse();
      CompletableFuture<Boolean> inFlightInCallback = new CompletableFuture<>();

      client.newCall(new Request.Builder().url(server.url("/")).build()).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          response.close();
          inFlightInCallback.complete(inFlight.getAsBoolean());
        }

        @Override
        public void onFailure(Call call, java.io.IOException e) {
          inFlightInCallback.completeExceptionally(e);
        }
      });
      // The server holds the answer, so the call is still under way whatever the machine's speed.
      assertThat(inFlight.getAsBoolean()).as("sent, unanswered").isTrue();
      release.countDown();
      VirtualTime.until(() -> true, clock, inFlight);

      // A continuation in the callback (the next poll scheduled) happens before the clock may move.
      assertThat(inFlightInCallback).isCompletedWithValue(true);
      assertThat(inFlight.getAsBoolean()).as("answered").isFalse();
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}

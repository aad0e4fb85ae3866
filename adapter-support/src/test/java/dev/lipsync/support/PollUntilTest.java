package dev.lipsync.support;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Drives {@link PollUntil} on a manual clock: time moves only when the test says so. */
class PollUntilTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskRef TASK = new TaskRef("acme", "identify-1");
  private static final ErrorContext CONTEXT = ErrorContext.of("acme").withTaskRef(TASK);
  /** 5 s, then 10 s, 20 s, capped at 20 s; no jitter. */
  private static final PollSchedule SCHEDULE = new PollSchedule(ofSeconds(5), 2, ofSeconds(20), 0);

  private final ManualScheduler time = new ManualScheduler(START);
  private final Deque<Object> answers = new ArrayDeque<>();
  private int asked;

  /** What {@link #answers} holds for a poll that finds nothing yet; so does an empty queue. */
  private static final Object NOT_YET = new Object();

  /** A probe answering from {@link #answers}: a value, {@link #NOT_YET}, or a failure. */
  private CompletableFuture<Poll<String>> probe() {
    asked++;
    Object next = answers.isEmpty() ? NOT_YET : answers.pop();
    if (next instanceof RuntimeException failure) {
      return CompletableFuture.failedFuture(failure);
    }
    return CompletableFuture.completedFuture(
        next == NOT_YET ? Poll.pending("queueing") : Poll.done((String) next));
  }

  private CompletableFuture<String> poll(Instant deadline) {
    return PollUntil.on(time, SCHEDULE, deadline, CONTEXT).random(() -> 0.5).poll(this::probe);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    try {
      future.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void should_ask_on_the_schedule_until_the_value_is_there() {
    CompletableFuture<String> result = poll(START.plus(ofSeconds(600)));
    answers.add(NOT_YET);

    assertThat(time.pendingDelays()).containsExactly(ofSeconds(5));
    time.advance(ofSeconds(5));
    assertThat(asked).isEqualTo(1);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(10));
    answers.add("session-1");
    time.advance(ofSeconds(10));

    assertThat(result).isCompletedWithValue("session-1");
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_poll_again_after_an_outage_and_after_the_vendor_s_retry_after() {
    CompletableFuture<String> result = poll(START.plus(ofSeconds(600)));
    answers.add(new UnavailableException("acme", "HTTP 503"));
    answers.add(new RateLimitedException(ErrorContext.of("acme"), "slow down", ofSeconds(40), null));

    time.advance(ofSeconds(5));
    assertThat(time.pendingDelays()).as("backed off as usual").containsExactly(ofSeconds(10));
    time.advance(ofSeconds(10));
    assertThat(time.pendingDelays()).as("the vendor's Retry-After, above the schedule").containsExactly(ofSeconds(40));
    answers.add("session-1");
    time.advance(ofSeconds(40));

    assertThat(result).isCompletedWithValue("session-1");
    assertThat(asked).isEqualTo(3);
  }

  @Test
  void should_end_at_the_third_unreadable_answer_in_a_row() {
    CompletableFuture<String> result = poll(START.plus(ofSeconds(600)));
    answers.add(new ProtocolException("acme", "not JSON"));
    answers.add(new ProtocolException("acme", "still not JSON"));
    time.advance(ofSeconds(15));
    assertThat(result).as("two in a row are tolerated").isNotDone();
    answers.add(NOT_YET);
    time.advance(ofSeconds(20));
    answers.add(new ProtocolException("acme", "a"));
    answers.add(new ProtocolException("acme", "b"));
    answers.add(new ProtocolException("acme", "c"));
    time.advance(ofSeconds(60));

    assertThat(failure(result)).isInstanceOf(ProtocolException.class).hasMessageContaining("c");
    assertThat(asked).as("a readable answer between them starts the count again").isEqualTo(6);
  }

  @Test
  void should_end_with_a_failure_polling_again_cannot_mend() {
    CompletableFuture<String> result = poll(START.plus(ofSeconds(600)));
    answers.add(new AuthenticationException("acme", "HTTP 401"));

    time.advance(ofSeconds(5));

    assertThat(failure(result)).isInstanceOf(AuthenticationException.class);
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_end_at_the_deadline_naming_the_task() {
    CompletableFuture<String> result = poll(START.plus(ofSeconds(12)));

    time.advance(ofSeconds(5));
    assertThat(time.pendingDelays()).as("the last poll falls on the deadline").containsExactly(ofSeconds(7));
    time.advance(ofSeconds(7));

    Throwable error = failure(result);
    assertThat(error).isInstanceOf(DeadlineExceededException.class);
    assertThat(((DeadlineExceededException) error).taskRef()).contains(TASK);
    assertThat(error.getMessage()).as("the vendor's last word").contains("queueing");
    assertThat(asked).isEqualTo(2);
  }

  @Test
  void should_stop_polling_and_cancel_the_call_in_flight_when_cancelled() {
    CompletableFuture<Poll<String>> inFlight = new CompletableFuture<>();
    CompletableFuture<String> result =
        PollUntil.on(time, SCHEDULE, START.plus(ofSeconds(600)), CONTEXT).poll(() -> inFlight);
    time.advance(ofSeconds(5));

    result.cancel(false);

    assertThat(inFlight).isCancelled();
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_cancel_the_timer_when_cancelled_between_polls() {
    CompletableFuture<String> result = poll(START.plus(ofSeconds(600)));

    result.cancel(false);
    time.advance(ofSeconds(60));

    assertThat(asked).isZero();
  }

  // ---- a step that is a task of its own: start, then poll --------------------------------------

  @Test
  void should_poll_what_the_start_answered_and_end_with_its_value() {
    CompletableFuture<TaskRef> start = new CompletableFuture<>();
    CompletableFuture<String> result = PollUntil.afterStart("acme", start, task -> poll(START.plus(ofSeconds(600))));

    assertThat(time.pendingDelays()).as("nothing polled before the task exists").isEmpty();
    start.complete(TASK);
    answers.add("audio-1");
    time.advance(ofSeconds(5));

    assertThat(result).isCompletedWithValue("audio-1");
  }

  @Test
  void should_end_at_once_where_the_start_holds_the_value() {
    CompletableFuture<String> result = PollUntil.afterStart(
        "acme", CompletableFuture.completedFuture("audio-2"), CompletableFuture::completedFuture);

    assertThat(result).isCompletedWithValue("audio-2");
    assertThat(asked).isZero();
  }

  @Test
  void should_cancel_the_start_or_the_polling_whichever_runs() {
    CompletableFuture<TaskRef> starting = new CompletableFuture<>();
    PollUntil.afterStart("acme", starting, task -> poll(START.plus(ofSeconds(600)))).cancel(false);

    CompletableFuture<TaskRef> started = new CompletableFuture<>();
    CompletableFuture<String> polling = PollUntil.afterStart("acme", started, task -> poll(START.plus(ofSeconds(600))));
    started.complete(TASK);
    polling.cancel(false);
    time.advance(ofSeconds(60));

    assertThat(starting).isCancelled();
    assertThat(asked).as("the polls stopped with the result").isZero();
  }

  @Test
  void should_fail_with_the_library_s_errors_as_they_are_and_others_as_the_vendor_s_protocol_error() {
    UnavailableException down = new UnavailableException("acme", "HTTP 503");
    CompletableFuture<String> refused = PollUntil.afterStart(
        "acme", CompletableFuture.failedFuture(down), task -> CompletableFuture.completedFuture("never"));
    CompletableFuture<String> broken = PollUntil.afterStart("acme", CompletableFuture.completedFuture(TASK), task -> {
      throw new IllegalStateException("a bug in reading");
    });

    assertThat(failure(refused)).isSameAs(down);
    assertThat(failure(broken)).isInstanceOf(ProtocolException.class).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(((ProtocolException) failure(broken)).context().vendor()).isEqualTo("acme");
  }
}

package dev.lipsync.core.gateway;

import static dev.lipsync.core.fakes.ScriptedProvider.REF;
import static dev.lipsync.core.fakes.ScriptedProvider.REQUEST;
import static dev.lipsync.core.fakes.ScriptedProvider.RUNNING;
import static dev.lipsync.core.fakes.ScriptedProvider.SESSION;
import static dev.lipsync.core.fakes.ScriptedProvider.VENDOR;
import static dev.lipsync.core.fakes.ScriptedProvider.VIDEO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.gateway.ResilientProvider.CircuitState;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.Withdrawable;
import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives the policies on a {@link ManualScheduler}: retries, rate-limit waits and timeouts happen only
 * when the test moves the clock, and the vendor is a script of answers.
 */
class ResilientProviderTest {
  /** The defaults, without jitter so that every delay is exact. */
  private static final ResilienceSettings SETTINGS =
      ResilienceSettings.builder().jitter(0).callTimeout(ofSeconds(60)).build();

  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedProvider vendor = new ScriptedProvider();

  private ResilientProvider wrap(ResilienceSettings settings) {
    return ResilientProvider.wrap(vendor, settings, time);
  }

  private ResilientProvider wrap() {
    return wrap(SETTINGS);
  }

  /** The failure a future holds, exactly as stored: no unwrapping here. */
  private static @Nullable Throwable failureOf(CompletableFuture<?> future) {
    assertThat(future).as("a completed future").isDone();
    return future.handle((value, failure) -> failure).join();
  }

  private static UnavailableException unavailable(String reason) {
    return new UnavailableException(VENDOR, reason);
  }

  private static UnavailableException unreachable() {
    return UnavailableException.unreachable(
        ErrorContext.of(VENDOR), "could not connect (ConnectException: Connection refused)", null);
  }

  private static RateLimitedException rateLimited(@Nullable Duration retryAfter) {
    return new RateLimitedException(ErrorContext.of(VENDOR), "rate limited", retryAfter, null);
  }

  private static SubmitOutcomeUnknownException outcomeUnknown() {
    return new SubmitOutcomeUnknownException(
        ErrorContext.of(VENDOR), "no answer after the submit was sent", "key-1", null);
  }

  // ---------------------------------------------------------------- retries of safe calls

  @Test
  void should_retry_identification_on_unavailable_up_to_max_attempts_then_fail_with_the_last_error() {
    UnavailableException last = unavailable("third");
    vendor.on("identify", unavailable("first"), unavailable("second"), last);
    ResilientProvider provider = wrap();

    CompletableFuture<FaceSession> status = provider.identifyFaces(VIDEO);
    assertThat(vendor.calls("identify")).isEqualTo(1);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(1));

    time.advance(ofSeconds(1));
    assertThat(vendor.calls("identify")).isEqualTo(2);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(2));

    time.advance(ofSeconds(2));
    assertThat(vendor.calls("identify")).isEqualTo(3);
    assertThat(failureOf(status)).isSameAs(last);
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_not_retry_a_status_call_because_the_tracking_polls_again() {
    UnavailableException outage = unavailable("down");
    vendor.on("status", outage, RUNNING);

    CompletableFuture<TaskSnapshot> status = wrap().status(REF);

    // One poll is one call: the next poll, on the tracking's schedule, is the retry.
    assertThat(failureOf(status)).isSameAs(outage);
    assertThat(vendor.calls("status")).isEqualTo(1);
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_answer_once_a_retry_succeeds() {
    vendor.on("identify", unavailable("down"), SESSION);
    ResilientProvider provider = wrap();

    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
    assertThat(session).isNotDone();
    time.advance(ofSeconds(1));

    assertThat(session).isCompletedWithValue(SESSION);
    assertThat(vendor.calls("identify")).isEqualTo(2);
  }

  @Test
  void should_wait_at_least_as_long_as_retry_after_asks() {
    vendor.on("identify", rateLimited(ofSeconds(7)), SESSION);
    ResilientProvider provider = wrap();

    CompletableFuture<FaceSession> status = provider.identifyFaces(VIDEO);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(7));

    time.advance(ofMillis(6_999));
    assertThat(vendor.calls("identify")).isEqualTo(1);
    time.advance(ofMillis(1));
    assertThat(vendor.calls("identify")).isEqualTo(2);
    assertThat(status).isCompletedWithValue(SESSION);
  }

  @Test
  void should_back_off_as_usual_when_retry_after_is_shorter_or_absent() {
    vendor.on("identify", rateLimited(ofMillis(200)), rateLimited(null), SESSION);
    ResilientProvider provider = wrap();

    provider.identifyFaces(VIDEO);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(1));
    time.advance(ofSeconds(1));
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(2));
  }

  @Test
  void should_fail_at_once_when_retry_after_asks_for_more_than_the_longest_backoff() {
    RateLimitedException limited = rateLimited(ofMinutes(5));
    vendor.on("identify", limited, SESSION);

    CompletableFuture<FaceSession> status = wrap().identifyFaces(VIDEO);

    assertThat(failureOf(status)).isSameAs(limited);
    assertThat(vendor.calls("identify")).isEqualTo(1);
    assertThat(time.pendingDelays()).isEmpty();
  }

  static Stream<LipSyncException> nonRetryable() {
    return Stream.of(
        new NotFoundException(VENDOR, "no such task"),
        new AuthenticationException(VENDOR, "bad key"),
        new OutOfCreditException(VENDOR, "no credit"),
        new ProtocolException(VENDOR, "unreadable"),
        new ContentRejectedException(VENDOR, "no face"),
        new InvalidRequestException(ErrorContext.of(VENDOR), "invalid", null));
  }

  @ParameterizedTest
  @MethodSource("nonRetryable")
  void should_not_retry_a_failure_that_would_happen_again(LipSyncException failure) {
    vendor.on("status", failure, RUNNING);
    vendor.on("identify", failure, SESSION);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskSnapshot> status = provider.status(REF);
    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);

    assertThat(failureOf(status)).isSameAs(failure);
    assertThat(failureOf(session)).isSameAs(failure);
    assertThat(vendor.calls("status")).isEqualTo(1);
    assertThat(vendor.calls("identify")).isEqualTo(1);
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_double_the_backoff_up_to_its_cap() {
    vendor.on("identify", unavailable("down"));
    ResilientProvider provider =
        wrap(
            SETTINGS.toBuilder()
                .maxAttempts(6)
                .maxBackoff(ofSeconds(4))
                .breakerFailureThreshold(10)
                .build());

    provider.identifyFaces(VIDEO);
    List<Duration> delays = new ArrayList<>();
    for (int retry = 0; retry < 5; retry++) {
      Duration delay = time.pendingDelays().get(0);
      delays.add(delay);
      time.advance(delay);
    }

    assertThat(delays)
        .containsExactly(ofSeconds(1), ofSeconds(2), ofSeconds(4), ofSeconds(4), ofSeconds(4));
    assertThat(vendor.calls("identify")).isEqualTo(6);
  }

  @Test
  void should_add_jitter_on_top_of_the_backoff_never_below_it() {
    vendor.on("identify", unavailable("down"));
    ResilienceSettings settings = ResilienceSettings.builder().jitter(0.2).build();
    ResilientProvider provider = ResilientProvider.wrap(vendor, settings, time, () -> 0.5);

    provider.identifyFaces(VIDEO);
    assertThat(time.pendingDelays()).containsExactly(ofMillis(1_100));
    time.advance(ofMillis(1_100));
    assertThat(time.pendingDelays()).containsExactly(ofMillis(2_200));
  }

  @Test
  void should_retry_a_lookup_like_a_status_call() {
    vendor.on("lookup", unavailable("down"), Optional.of(REF));
    ResilientProvider provider = wrap();

    CompletableFuture<Optional<TaskRef>> found = provider.findByIdempotencyKey("key-1");
    time.advance(ofSeconds(1));

    assertThat(found).isCompletedWithValue(Optional.of(REF));
    assertThat(vendor.calls("lookup")).isEqualTo(2);
  }

  // ---------------------------------------------------------------- an unreachable vendor

  @Test
  void should_leave_an_unreachable_vendor_to_the_next_one_when_identifying_or_submitting() {
    UnavailableException refusedIdentify = unreachable();
    UnavailableException refusedSubmit = unreachable();
    vendor.on("identify", refusedIdentify, SESSION);
    vendor.on("submit", refusedSubmit, REF);
    ResilientProvider provider = wrap();

    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
    CompletableFuture<TaskRef> task = provider.submit(REQUEST);

    assertThat(failureOf(session)).isSameAs(refusedIdentify);
    assertThat(failureOf(task)).isSameAs(refusedSubmit);
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(vendor.calls("identify")).isEqualTo(1);
    assertThat(vendor.calls("submit")).isEqualTo(1);
  }

  @Test
  void should_retry_an_unreachable_vendor_when_the_settings_ask_for_it() {
    vendor.on("identify", unreachable(), SESSION);
    vendor.on("submit", unreachable(), REF);
    ResilientProvider provider = wrap(SETTINGS.toBuilder().retryUnreachable(true).build());

    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    time.advance(ofSeconds(1));

    assertThat(session).isCompletedWithValue(SESSION);
    assertThat(task).isCompletedWithValue(REF);
    assertThat(vendor.calls("identify")).isEqualTo(2);
    assertThat(vendor.calls("submit")).isEqualTo(2);
  }

  @Test
  void should_retry_lookups_at_an_unreachable_vendor_where_the_task_is() {
    vendor.on("lookup", unreachable(), Optional.of(REF));
    ResilientProvider provider = wrap();

    CompletableFuture<Optional<TaskRef>> found = provider.findByIdempotencyKey("key-1");
    time.advance(ofSeconds(1));

    assertThat(found).isCompletedWithValue(Optional.of(REF));
  }


  @Test
  void should_count_an_unreachable_vendor_for_its_circuit() {
    ResilientProvider provider =
        wrap(SETTINGS.toBuilder().breakerFailureThreshold(2).build());
    vendor.on("identify", unreachable(), unreachable());

    provider.identifyFaces(VIDEO);
    assertThat(provider.circuitState()).isEqualTo(CircuitState.CLOSED);
    provider.identifyFaces(VIDEO);

    assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);
  }

  // ---------------------------------------------------------------- submit

  @Test
  void should_not_retry_a_submit_the_vendor_answered_as_unavailable_since_the_task_may_exist() {
    vendor.on("submit", unavailable("HTTP 503"), REF);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    time.advance(ofSeconds(60));

    assertThat(task).isCompletedExceptionally();
    assertThat(failureOf(task)).isInstanceOf(UnavailableException.class);
    assertThat(vendor.calls("submit")).isEqualTo(1);
  }

  @Test
  void should_retry_a_submit_the_vendor_refused_as_rate_limited() {
    vendor.on("submit", rateLimited(ofSeconds(3)), REF);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(3));
    time.advance(ofSeconds(3));

    assertThat(task).isCompletedWithValue(REF);
  }

  @Test
  void should_submit_exactly_once_when_the_outcome_is_unknown() {
    SubmitOutcomeUnknownException unknown = outcomeUnknown();
    vendor.on("submit", unknown, REF);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    time.advance(ofMinutes(10));

    assertThat(failureOf(task)).isSameAs(unknown);
    assertThat(vendor.calls("submit")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- timeouts

  @Test
  void should_fail_a_status_call_with_unavailable_when_it_times_out() {
    CompletableFuture<TaskSnapshot> never = new CompletableFuture<>();
    vendor.on("status", never);
    ResilientProvider provider = wrap(SETTINGS.toBuilder().maxAttempts(1).build());

    CompletableFuture<TaskSnapshot> status = provider.status(REF);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(60));
    time.advance(ofSeconds(59));
    assertThat(status).isNotDone();
    time.advance(ofSeconds(1));

    assertThat(failureOf(status))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("no answer to the status call within 60000 ms");
    assertThat(((UnavailableException) failureOf(status)).taskRef()).contains(REF);
    assertThat(never).as("the abandoned call is cancelled").isCancelled();
  }

  @Test
  void should_fail_a_status_call_that_timed_out_for_the_tracking_to_poll_again() {
    vendor.on("status", new CompletableFuture<TaskSnapshot>(), RUNNING);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskSnapshot> status = provider.status(REF);
    time.advance(ofSeconds(60));

    assertThat(failureOf(status)).isInstanceOf(UnavailableException.class);
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(vendor.calls("status")).isEqualTo(1);
  }

  @Test
  void should_fail_an_identification_that_timed_out_as_one_that_outlasted_its_time() {
    vendor.on("identify", new CompletableFuture<FaceSession>(), SESSION);
    ResilientProvider provider = wrap();

    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
    time.advance(ofSeconds(60));

    // As the vendor's own identify task deadline reports it (apimodels): not tried again here.
    assertThat(failureOf(session)).isInstanceOf(DeadlineExceededException.class);
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(vendor.calls("identify")).isEqualTo(1);
  }


  @Test
  void should_fail_a_submit_that_times_out_as_outcome_unknown_and_never_repeat_it() {
    vendor.on("submit", new CompletableFuture<TaskRef>(), REF);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    time.advance(ofSeconds(60));

    assertThat(failureOf(task))
        .isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("no answer to the submit within 60000 ms");
    assertThat(((SubmitOutcomeUnknownException) failureOf(task)).idempotencyKey())
        .isEqualTo("key-1");
    assertThat(((LipSyncException) failureOf(task)).vendor()).isEqualTo(VENDOR);
    time.advance(ofMinutes(10));
    assertThat(vendor.calls("submit")).isEqualTo(1);
  }

  /** A vendor's call that says, when asked, whether its request had left the client. */
  private static final class PendingCall<T> extends CompletableFuture<T> implements Withdrawable {
    private final boolean sent;
    private int asked;

    PendingCall(boolean sent) {
      this.sent = sent;
    }

    @Override
    public synchronized boolean withdrawIfUnsent() {
      asked++;
      return !sent;
    }
  }

  @Test
  void should_fail_a_submit_that_timed_out_before_it_was_sent_as_not_sent_so_it_may_go_elsewhere() {
    PendingCall<TaskRef> queued = new PendingCall<>(false);
    vendor.on("submit", queued, REF);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    time.advance(ofSeconds(60));

    assertThat(failureOf(task))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("the submit was not sent within 60000 ms");
    UnavailableException failure = (UnavailableException) failureOf(task);
    assertThat(failure.unreachable()).as("nothing reached the vendor").isTrue();
    assertThat(failure.vendor()).isEqualTo(VENDOR);
    assertThat(queued.asked).isEqualTo(1);
    assertThat(queued).as("the withdrawn call is cancelled").isCancelled();
    assertThat(provider.policy().decide(FailurePolicy.Operation.SUBMIT, failure).next())
        .isEqualTo(FailurePolicy.Next.FAIL_OVER);
    time.advance(ofMinutes(10));
    assertThat(vendor.calls("submit")).as("not retried here: the policy fails over").isEqualTo(1);
  }

  @Test
  void should_fail_a_submit_that_timed_out_after_it_was_sent_as_outcome_unknown() {
    PendingCall<TaskRef> sent = new PendingCall<>(true);
    vendor.on("submit", sent, REF);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    time.advance(ofSeconds(60));

    assertThat(failureOf(task))
        .isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("no answer to the submit within 60000 ms, after it may have reached the vendor");
    assertThat(sent.asked).isEqualTo(1);
    assertThat(sent).isCancelled();
    assertThat(vendor.calls("submit")).isEqualTo(1);
  }

  @Test
  void should_fail_an_identification_that_timed_out_before_it_was_sent_as_not_sent() {
    vendor.on("identify", new PendingCall<FaceSession>(false), SESSION);
    ResilientProvider provider = wrap();

    CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
    time.advance(ofSeconds(60));

    assertThat(failureOf(session))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("the identification was not sent within 60000 ms");
    assertThat(((UnavailableException) failureOf(session)).unreachable()).isTrue();
    assertThat(vendor.calls("identify")).isEqualTo(1);
  }

  @Test
  void should_not_ask_to_withdraw_a_call_that_answered_in_time() {
    PendingCall<TaskRef> answered = new PendingCall<>(false);
    vendor.on("submit", answered);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskRef> task = provider.submit(REQUEST);
    answered.complete(REF);
    time.advance(ofSeconds(60));

    assertThat(task).isCompletedWithValue(REF);
    assertThat(answered.asked).isZero();
  }

  @Test
  void should_drop_the_timeout_when_the_vendor_answers_in_time() {
    CompletableFuture<TaskSnapshot> later = new CompletableFuture<>();
    vendor.on("status", later);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskSnapshot> status = provider.status(REF);
    time.advance(ofSeconds(30));
    later.complete(RUNNING);

    assertThat(status).isCompletedWithValue(RUNNING);
    assertThat(time.pendingDelays()).isEmpty();
  }

  // ---------------------------------------------------------------- circuit breaker

  @Nested
  class CircuitBreaker {
    private final ResilientProvider provider =
        wrap(SETTINGS.toBuilder().maxAttempts(1).breakerFailureThreshold(3).build());

    @Test
    void should_open_after_the_threshold_and_then_fail_fast_without_calling_the_vendor() {
      vendor.on("status", unavailable("down"));
      vendor.on("identify", SESSION);
      vendor.on("submit", REF);

      for (int i = 0; i < 3; i++) {
        assertThat(provider.circuitState()).isEqualTo(CircuitState.CLOSED);
        provider.status(REF);
      }
      assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);

      CompletableFuture<TaskSnapshot> status = provider.status(REF);
      CompletableFuture<FaceSession> session = provider.identifyFaces(VIDEO);
      CompletableFuture<TaskRef> task = provider.submit(REQUEST);

      for (CompletableFuture<?> refused : List.of(status, session, task)) {
        assertThat(failureOf(refused))
            .isInstanceOf(UnavailableException.class)
            .hasMessageStartingWith("[kling] circuit open");
        assertThat(((LipSyncException) failureOf(refused)).vendor()).isEqualTo(VENDOR);
      }
      assertThat(vendor.calls("status")).isEqualTo(3);
      assertThat(vendor.calls("identify")).isZero();
      assertThat(vendor.calls("submit")).isZero();
    }

    @Test
    void should_stop_retrying_once_the_circuit_opens() {
      ResilientProvider retrying =
          wrap(SETTINGS.toBuilder().maxAttempts(3).breakerFailureThreshold(2).build());
      vendor.on("identify", unavailable("down"));

      CompletableFuture<FaceSession> session = retrying.identifyFaces(VIDEO);
      time.advance(ofSeconds(1));
      assertThat(retrying.circuitState()).isEqualTo(CircuitState.OPEN);
      time.advance(ofSeconds(2));

      assertThat(vendor.calls("identify")).isEqualTo(2);
      assertThat(failureOf(session))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("circuit open");
    }

    static Stream<LipSyncException> requestFaults() {
      return Stream.of(
          new InvalidRequestException(ErrorContext.of(VENDOR), "invalid", null),
          new NotSupportedException(VENDOR, "no text mode"),
          new ContentRejectedException(VENDOR, "no face"),
          new NotFoundException(VENDOR, "no such task"),
          new TaskFailedException(TaskSnapshot.builder(REF, TaskState.FAILED).build()));
    }

    @ParameterizedTest
    @MethodSource("requestFaults")
    void should_stay_closed_on_failures_that_are_the_requests_fault(LipSyncException fault) {
      vendor.on("status", fault);

      for (int i = 0; i < 10; i++) {
        assertThat(failureOf(provider.status(REF))).isSameAs(fault);
      }

      assertThat(provider.circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(vendor.calls("status")).isEqualTo(10);
    }

    @Test
    void should_count_failures_that_say_the_vendor_is_unwell() {
      ResilientProvider provider =
          wrap(SETTINGS.toBuilder().maxAttempts(1).breakerFailureThreshold(5).build());
      vendor.on(
          "status",
          new AuthenticationException(VENDOR, "bad key"),
          new OutOfCreditException(VENDOR, "no credit"),
          new ProtocolException(VENDOR, "unreadable"),
          rateLimited(null));
      vendor.on("submit", outcomeUnknown());

      for (int i = 0; i < 4; i++) {
        provider.status(REF);
      }
      assertThat(provider.circuitState()).isEqualTo(CircuitState.CLOSED);
      provider.submit(REQUEST);

      assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void should_count_timeouts() {
      for (int i = 0; i < 3; i++) {
        vendor.on("status", new CompletableFuture<TaskSnapshot>());
      }

      for (int i = 0; i < 3; i++) {
        provider.status(REF);
        time.advance(ofSeconds(60));
      }

      assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void should_close_when_the_trial_call_of_a_half_open_circuit_succeeds() {
      vendor.on("status", unavailable("a"), unavailable("b"), unavailable("c"), RUNNING);
      for (int i = 0; i < 3; i++) {
        provider.status(REF);
      }
      provider.circuitBreaker().halfOpen();
      assertThat(provider.circuitState()).isEqualTo(CircuitState.HALF_OPEN);

      CompletableFuture<TaskSnapshot> trial = provider.status(REF);

      assertThat(trial).isCompletedWithValue(RUNNING);
      assertThat(provider.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void should_open_again_when_the_trial_call_fails() {
      vendor.on("status", unavailable("down"));
      for (int i = 0; i < 3; i++) {
        provider.status(REF);
      }
      provider.circuitBreaker().halfOpen();

      provider.status(REF);

      assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(vendor.calls("status")).isEqualTo(4);
    }

    @Test
    void should_let_only_one_trial_call_through_while_half_open() {
      CompletableFuture<TaskSnapshot> slow = new CompletableFuture<>();
      vendor.on("status", unavailable("a"), unavailable("b"), unavailable("c"), slow);
      for (int i = 0; i < 3; i++) {
        provider.status(REF);
      }
      provider.circuitBreaker().halfOpen();

      CompletableFuture<TaskSnapshot> trial = provider.status(REF);
      CompletableFuture<TaskSnapshot> second = provider.status(REF);

      assertThat(trial).isNotDone();
      assertThat(failureOf(second))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("circuit open");
      assertThat(vendor.calls("status")).isEqualTo(4);
      slow.complete(RUNNING);
      assertThat(provider.circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void should_still_look_tasks_up_while_open() {
      vendor.on("status", unavailable("down"));
      vendor.on("lookup", Optional.empty());
      for (int i = 0; i < 3; i++) {
        provider.status(REF);
      }
      assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);

      assertThat(provider.findByIdempotencyKey("key-1")).isCompletedWithValue(Optional.empty());
      assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);
    }
  }

  // ---------------------------------------------------------------- rate limiter

  @Test
  void should_space_calls_by_the_rate_limit_on_the_scheduler() {
    vendor.on("status", RUNNING);
    ResilientProvider provider = wrap(SETTINGS.toBuilder().requestsPerSecond(1).build());

    CompletableFuture<TaskSnapshot> first = provider.status(REF);
    CompletableFuture<TaskSnapshot> second = provider.status(REF);

    assertThat(first).isCompletedWithValue(RUNNING);
    assertThat(second).isNotDone();
    assertThat(vendor.calls("status")).isEqualTo(1);
    assertThat(time.pendingDelays()).hasSize(1);
    assertThat(time.pendingDelays().get(0)).isBetween(ofMillis(500), ofSeconds(1));

    time.advance(ofSeconds(1));
    assertThat(second).isCompletedWithValue(RUNNING);
    assertThat(vendor.calls("status")).isEqualTo(2);
  }

  @Test
  void should_refuse_a_call_that_would_wait_longer_than_the_call_timeout_for_the_rate_limit() {
    vendor.on("status", RUNNING);
    ResilientProvider provider =
        wrap(SETTINGS.toBuilder().requestsPerSecond(0.01).callTimeout(ofSeconds(10)).build());

    provider.status(REF);
    CompletableFuture<TaskSnapshot> refused = provider.status(REF);

    assertThat(failureOf(refused))
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("requests per second");
    assertThat(vendor.calls("status")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- the rest

  @Test
  void should_hand_on_failures_unwrapped() {
    UnavailableException down = unavailable("down");
    vendor.on("status", new CompletionException(down));
    ResilientProvider provider = wrap(SETTINGS.toBuilder().maxAttempts(1).build());

    assertThat(failureOf(provider.status(REF))).isSameAs(down);
  }

  @Test
  void should_hand_on_a_failure_the_vendor_throws_instead_of_returning() {
    ResilientProvider provider = wrap();

    // Nothing is scripted: the fake throws IllegalStateException from the call itself.
    assertThat(failureOf(provider.status(REF))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void should_cancel_the_waiting_retry_when_the_caller_cancels() {
    vendor.on("status", unavailable("down"), RUNNING);
    ResilientProvider provider = wrap();

    CompletableFuture<TaskSnapshot> status = provider.status(REF);
    status.cancel(true);
    time.advance(ofMinutes(1));

    assertThat(vendor.calls("status")).isEqualTo(1);
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_pass_everything_else_straight_to_the_vendor() {
    vendor.on("cancel", unavailable("down"));
    ResilientProvider provider = wrap();

    assertThat(provider.id()).isEqualTo(VENDOR);
    assertThat(provider.capabilities()).isSameAs(ScriptedProvider.CAPABILITIES);
    assertThat(provider.pricing()).isSameAs(ScriptedProvider.PRICING);
    assertThat(provider.delegate()).isSameAs(vendor);
    assertThat(provider.parseCallback("{}")).isSameAs(RUNNING);
    assertThat(failureOf(provider.cancel(REF))).isInstanceOf(UnavailableException.class);
    assertThat(vendor.calls("cancel")).isEqualTo(1);
    assertThat(time.pendingDelays()).isEmpty();
  }
}

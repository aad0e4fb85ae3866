package dev.lipsync.core.gateway;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the tracker on a {@link ManualScheduler}: time moves only when the test says so, and the
 * vendor is a script of answers.
 */
class TaskTrackerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskRef REF = new TaskRef("kling", "task-1");
  /** 5, 10, 20, 40, 40, ... seconds; the jitter is there but the random source always gives 0. */
  private static final PollSchedule SCHEDULE = new PollSchedule(ofSeconds(5), 2, ofSeconds(40), 0.2);
  private static final Instant FAR_DEADLINE = START.plus(Duration.ofHours(1));
  private static final Map<String, TaskState> WORDS =
      Map.of(
          "submitted", TaskState.QUEUED,
          "processing", TaskState.RUNNING,
          "succeed", TaskState.SUCCEEDED,
          "failed", TaskState.FAILED);

  private final ManualScheduler time = new ManualScheduler(START);
  private final TaskTracker tracker = new TaskTracker(time, () -> 0.0);
  private final ScriptedVendor vendor = new ScriptedVendor();
  private final List<TaskSnapshot> changes = new ArrayList<>();

  // ---------------------------------------------------------------- the fake vendor

  /**
   * A status call that answers from a script, one entry per call, with completed futures; the last
   * entry repeats once the script runs out. Records when it was called, in seconds since the start.
   */
  private final class ScriptedVendor implements Function<TaskRef, CompletableFuture<TaskSnapshot>> {
    private final Deque<Object> script = new ArrayDeque<>();
    private final List<Duration> calls = new ArrayList<>();
    private Object last;

    ScriptedVendor says(String... words) {
      for (String word : words) {
        script.add(snapshot(WORDS.getOrDefault(word, TaskState.RUNNING), word));
      }
      return this;
    }

    ScriptedVendor answers(TaskSnapshot snapshot) {
      script.add(snapshot);
      return this;
    }

    ScriptedVendor fails(RuntimeException error) {
      script.add(error);
      return this;
    }

    @Override
    public CompletableFuture<TaskSnapshot> apply(TaskRef ref) {
      assertThat(ref).isEqualTo(REF);
      calls.add(Duration.between(START, time.now()));
      Object next = script.isEmpty() ? last : script.poll();
      assertThat(next).as("an answer scripted for call %s", calls.size()).isNotNull();
      last = next;
      if (next instanceof RuntimeException error) {
        return CompletableFuture.failedFuture(error);
      }
      return CompletableFuture.completedFuture((TaskSnapshot) next);
    }

    List<Duration> calls() {
      return calls;
    }
  }

  private static TaskSnapshot snapshot(TaskState state, String rawStatus) {
    return TaskSnapshot.builder(REF, state).rawStatus(rawStatus).build();
  }

  private static TaskSnapshot succeeded() {
    return TaskSnapshot.builder(REF, TaskState.SUCCEEDED)
        .rawStatus("succeed")
        .videos(List.of(ResultVideo.of(URI.create("https://cdn.example.com/out.mp4"))))
        .build();
  }

  private Tracking track() {
    return track(FAR_DEADLINE);
  }

  private Tracking track(Instant deadline) {
    return tracker.track(REF, vendor, SCHEDULE, deadline, changes::add);
  }

  private static List<Duration> seconds(long... values) {
    List<Duration> durations = new ArrayList<>();
    for (long value : values) {
      durations.add(ofSeconds(value));
    }
    return durations;
  }

  /** The error a completed future failed with, read without waiting. */
  private static Throwable failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    return future.handle((value, error) -> error).getNow(null);
  }

  private static RateLimitedException rateLimited(Duration retryAfter) {
    return new RateLimitedException(
        new ErrorContext("kling", 429, "1302", null, null), "rate limited by the vendor", retryAfter, null);
  }

  private static ProtocolException unreadable(String what) {
    return new ProtocolException("kling", what);
  }

  // ---------------------------------------------------------------- schedule

  @Test
  void should_poll_at_the_scheduled_times() {
    vendor.says("processing");

    Tracking tracking = track();

    assertThat(time.pendingDelays()).containsExactly(ofSeconds(5));
    assertThat(vendor.calls()).isEmpty();

    time.advance(Duration.ofMillis(4_999));
    assertThat(vendor.calls()).isEmpty();

    time.advance(Duration.ofMillis(1));
    assertThat(vendor.calls()).isEqualTo(seconds(5));
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(10));

    time.advance(ofSeconds(110));
    assertThat(vendor.calls()).isEqualTo(seconds(5, 15, 35, 75, 115));
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(40));
    assertThat(tracking.polls()).isEqualTo(5);
    assertThat(tracking.result()).isNotDone();
  }

  @Test
  void should_shorten_delays_by_the_jitter_the_random_source_picks() {
    TaskTracker almostFullJitter = new TaskTracker(time, () -> 0.5);
    vendor.says("processing");

    almostFullJitter.track(REF, vendor, SCHEDULE, FAR_DEADLINE, changes::add);

    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(4_500));
    time.advance(Duration.ofMillis(4_500));
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(9));
  }

  // ---------------------------------------------------------------- end states

  @Test
  void should_complete_with_the_succeeded_snapshot() {
    TaskSnapshot done = succeeded();
    vendor.says("submitted", "processing").answers(done);
    Tracking tracking = track();

    time.advance(ofSeconds(34));
    assertThat(tracking.result()).isNotDone();

    time.advance(ofSeconds(1));
    assertThat(tracking.result()).isCompletedWithValue(done);
    assertThat(tracking.latest()).contains(done);
    assertThat(vendor.calls()).isEqualTo(seconds(5, 15, 35));
    assertThat(time.pendingDelays()).isEmpty();

    time.advance(Duration.ofHours(2));
    assertThat(vendor.calls()).hasSize(3);
  }

  @Test
  void should_complete_normally_with_a_failed_snapshot() {
    TaskSnapshot failed =
        TaskSnapshot.builder(REF, TaskState.FAILED)
            .rawStatus("failed")
            .failure(new TaskFailure("1301", "content policy"))
            .build();
    vendor.says("processing").answers(failed);
    Tracking tracking = track();

    time.advance(ofSeconds(15));

    assertThat(tracking.result()).isCompletedWithValue(failed);
    assertThat(tracking.result().join().state()).isEqualTo(TaskState.FAILED);
    assertThat(tracking.result().join().failure()).isEqualTo(new TaskFailure("1301", "content policy"));
    assertThat(time.pendingDelays()).isEmpty();
  }

  // ---------------------------------------------------------------- forward only

  @Test
  void should_ignore_running_offered_after_succeeded() {
    TaskSnapshot done = succeeded();
    Tracking tracking = track();

    tracking.offer(done);
    tracking.offer(snapshot(TaskState.RUNNING, "processing"));

    assertThat(tracking.result()).isCompletedWithValue(done);
    assertThat(tracking.latest()).contains(done);
    assertThat(changes).containsExactly(done);
  }

  @Test
  void should_ignore_failed_offered_after_succeeded() {
    TaskSnapshot done = succeeded();
    Tracking tracking = track();

    tracking.offer(done);
    tracking.offer(snapshot(TaskState.FAILED, "failed"));

    assertThat(tracking.result()).isCompletedWithValue(done);
    assertThat(tracking.latest()).contains(done);
  }

  @Test
  void should_ignore_queued_after_running_and_go_on_polling() {
    vendor.says("processing", "submitted");
    Tracking tracking = track();

    time.advance(ofSeconds(15));

    assertThat(vendor.calls()).isEqualTo(seconds(5, 15));
    assertThat(tracking.latest()).map(TaskSnapshot::state).contains(TaskState.RUNNING);
    assertThat(tracking.latest()).map(TaskSnapshot::rawStatus).contains("processing");
    assertThat(tracking.result()).isNotDone();
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(20));

    time.advance(ofSeconds(20));
    assertThat(vendor.calls()).isEqualTo(seconds(5, 15, 35));
  }

  @Test
  void should_ignore_queued_offered_by_a_callback_after_running() {
    vendor.says("processing");
    Tracking tracking = track();
    time.advance(ofSeconds(5));

    tracking.offer(snapshot(TaskState.QUEUED, "submitted"));

    assertThat(tracking.latest()).map(TaskSnapshot::state).contains(TaskState.RUNNING);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(10));
  }

  @Test
  void should_tell_the_listener_of_each_forward_change_once() {
    vendor.says("submitted", "submitted", "processing", "processing", "submitted", "processing")
        .answers(succeeded());
    Tracking tracking = track();

    time.advance(Duration.ofMinutes(10));

    assertThat(tracking.result()).isCompletedWithValue(succeeded());
    assertThat(vendor.calls()).hasSize(7);
    assertThat(changes).extracting(TaskSnapshot::state)
        .containsExactly(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED);
    assertThat(changes).extracting(TaskSnapshot::rawStatus)
        .containsExactly("submitted", "processing", "succeed");
  }

  @Test
  void should_tell_the_listener_of_a_new_status_word_in_the_same_state() {
    vendor.says("processing", "processing")
        .answers(snapshot(TaskState.RUNNING, "rendering"));
    track();

    time.advance(ofSeconds(35));

    assertThat(changes).extracting(TaskSnapshot::rawStatus).containsExactly("processing", "rendering");
  }

  // ---------------------------------------------------------------- callbacks

  @Test
  void should_end_at_once_on_a_terminal_callback_and_call_off_the_next_poll() {
    vendor.says("processing");
    Tracking tracking = track();
    time.advance(ofSeconds(5));
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(10));

    TaskSnapshot done = succeeded();
    tracking.offer(done);

    assertThat(tracking.result()).isCompletedWithValue(done);
    assertThat(time.pendingDelays()).isEmpty();
    time.advance(Duration.ofHours(2));
    assertThat(vendor.calls()).isEqualTo(seconds(5));
  }

  @Test
  void should_end_on_a_terminal_callback_before_the_first_poll() {
    Tracking tracking = track();

    tracking.offer(succeeded());

    assertThat(tracking.result()).isCompletedWithValue(succeeded());
    time.advance(Duration.ofHours(2));
    assertThat(vendor.calls()).isEmpty();
    assertThat(tracking.polls()).isZero();
  }

  @Test
  void should_take_a_running_callback_and_go_on_polling() {
    vendor.says("processing");
    Tracking tracking = track();

    tracking.offer(snapshot(TaskState.RUNNING, "processing"));

    assertThat(tracking.latest()).map(TaskSnapshot::state).contains(TaskState.RUNNING);
    assertThat(changes).hasSize(1);
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(5));
  }

  @Test
  void should_refuse_a_snapshot_of_another_task() {
    Tracking tracking = track();
    TaskSnapshot other = TaskSnapshot.builder(new TaskRef("kling", "task-2"), TaskState.SUCCEEDED).build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> tracking.offer(other))
        .withMessage("snapshot of kling:task-2 offered to kling:task-1");
    assertThat(tracking.result()).isNotDone();
    assertThat(tracking.latest()).isEmpty();
  }

  // ---------------------------------------------------------------- errors

  @Test
  void should_wait_for_the_retry_after_of_a_rate_limit() {
    vendor.fails(rateLimited(ofSeconds(45))).says("processing");
    Tracking tracking = track();

    time.advance(ofSeconds(5));
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(45));

    time.advance(ofSeconds(44));
    assertThat(vendor.calls()).isEqualTo(seconds(5));

    time.advance(ofSeconds(1));
    assertThat(vendor.calls()).isEqualTo(seconds(5, 50));
    assertThat(tracking.result()).isNotDone();
  }

  @Test
  void should_keep_the_usual_delay_after_a_rate_limit_without_retry_after() {
    vendor.fails(rateLimited(null)).says("processing");
    track();

    time.advance(ofSeconds(5));

    assertThat(time.pendingDelays()).containsExactly(ofSeconds(10));
  }

  @Test
  void should_keep_polling_while_the_vendor_is_unavailable() {
    UnavailableException down = new UnavailableException("kling", "the vendor is unavailable");
    vendor.fails(down).fails(down).answers(succeeded());
    Tracking tracking = track();

    time.advance(ofSeconds(35));

    assertThat(vendor.calls()).isEqualTo(seconds(5, 15, 35));
    assertThat(tracking.result()).isCompletedWithValue(succeeded());
  }

  @Test
  void should_end_after_three_unreadable_answers_in_a_row() {
    ProtocolException third = unreadable("third");
    vendor.fails(unreadable("first")).fails(unreadable("second")).fails(third).says("processing");
    Tracking tracking = track();

    time.advance(ofSeconds(35));

    assertThat(failure(tracking.result())).isSameAs(third);
    assertThat(time.pendingDelays()).isEmpty();
    time.advance(Duration.ofHours(2));
    assertThat(vendor.calls()).hasSize(3);
  }

  @Test
  void should_go_on_after_two_unreadable_answers_and_a_good_one() {
    vendor.fails(unreadable("1")).fails(unreadable("2")).says("processing")
        .fails(unreadable("3")).fails(unreadable("4")).answers(succeeded());
    Tracking tracking = track();

    time.advance(Duration.ofMinutes(10));

    assertThat(vendor.calls()).hasSize(6);
    assertThat(tracking.result()).isCompletedWithValue(succeeded());
  }

  @Test
  void should_end_at_once_when_the_key_is_refused() {
    AuthenticationException refused = new AuthenticationException("kling", "authentication failed");
    vendor.fails(refused).says("processing");
    Tracking tracking = track();

    time.advance(ofSeconds(5));

    assertThat(failure(tracking.result())).isSameAs(refused);
    assertThat(time.pendingDelays()).isEmpty();
    time.advance(Duration.ofHours(2));
    assertThat(vendor.calls()).isEqualTo(seconds(5));
  }

  @Test
  void should_end_at_once_when_the_vendor_does_not_know_the_task() {
    NotFoundException unknown = new NotFoundException("kling", "the vendor does not know the resource");
    vendor.fails(unknown);
    Tracking tracking = track();

    time.advance(ofSeconds(5));

    assertThat(failure(tracking.result())).isSameAs(unknown);
  }

  @Test
  void should_end_when_the_status_call_throws_instead_of_failing_its_future() {
    IllegalStateException bug = new IllegalStateException("adapter bug");
    Tracking tracking =
        tracker.track(REF, ref -> { throw bug; }, SCHEDULE, FAR_DEADLINE, changes::add);

    time.advance(ofSeconds(5));

    assertThat(failure(tracking.result())).isSameAs(bug);
  }

  // ---------------------------------------------------------------- deadline and cancel

  @Test
  void should_end_a_never_finishing_task_at_the_deadline() {
    vendor.says("submitted", "processing");
    Tracking tracking = track(START.plus(ofSeconds(60)));

    time.advance(ofSeconds(59));
    assertThat(tracking.result()).isNotDone();

    time.advance(ofSeconds(1));

    // 5, 15, 35, and then the last poll is pulled in to the deadline itself.
    assertThat(vendor.calls()).isEqualTo(seconds(5, 15, 35, 60));
    Throwable error = failure(tracking.result());
    assertThat(error).isInstanceOf(DeadlineExceededException.class);
    DeadlineExceededException deadline = (DeadlineExceededException) error;
    assertThat(deadline.taskRef()).contains(REF);
    assertThat(deadline.kind()).isEqualTo(FailureKind.DEADLINE_EXCEEDED);
    assertThat(deadline).hasMessage(
        "[kling] the deadline passed after 60000 ms; the last status was processing (task kling:task-1)");
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_not_let_a_retry_after_push_a_poll_past_the_deadline() {
    vendor.fails(rateLimited(Duration.ofMinutes(5))).says("processing");
    track(START.plus(ofSeconds(60)));

    time.advance(ofSeconds(5));

    assertThat(time.pendingDelays()).containsExactly(ofSeconds(55));
  }

  @Test
  void should_stop_polling_when_cancelled() {
    vendor.says("processing");
    Tracking tracking = track();
    time.advance(ofSeconds(5));

    tracking.cancel();

    assertThat(failure(tracking.result())).isInstanceOf(CancellationException.class);
    assertThat(time.pendingDelays()).isEmpty();
    time.advance(Duration.ofHours(2));
    assertThat(vendor.calls()).isEqualTo(seconds(5));
  }

  // ---------------------------------------------------------------- unknown words

  @Test
  void should_keep_an_unknown_status_word_and_take_it_as_running() {
    vendor.says("processing", "gpu-warmup");
    Tracking tracking = track();

    time.advance(ofSeconds(15));

    TaskSnapshot latest = tracking.latest().orElseThrow();
    assertThat(latest.rawStatus()).isEqualTo("gpu-warmup");
    assertThat(latest.state()).isEqualTo(TaskState.RUNNING);
    assertThat(tracking.result()).isNotDone();
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(20));
  }

  @Test
  void should_name_an_unknown_status_word_when_the_deadline_passes() {
    vendor.says("gpu-warmup");
    Tracking tracking = track(START.plus(ofSeconds(20)));

    time.advance(ofSeconds(20));

    assertThat(failure(tracking.result()))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("the last status was gpu-warmup");
  }

  // ---------------------------------------------------------------- generic polling

  @Test
  void should_poll_anything_until_it_is_done() {
    Deque<Poll<String>> answers = new ArrayDeque<>(List.of(
        Poll.pending("identifying"), Poll.pending("identifying"), Poll.done("session-7")));
    List<Duration> calls = new ArrayList<>();
    Supplier<CompletableFuture<Poll<String>>> probe = () -> {
      calls.add(Duration.between(START, time.now()));
      return CompletableFuture.completedFuture(answers.poll());
    };

    Polling<String> polling = startPolling(probe, FAR_DEADLINE);
    time.advance(ofSeconds(34));
    assertThat(polling.result()).isNotDone();
    time.advance(ofSeconds(1));

    assertThat(polling.result()).isCompletedWithValue("session-7");
    assertThat(calls).isEqualTo(seconds(5, 15, 35));
    assertThat(polling.polls()).isEqualTo(3);
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void should_end_generic_polling_at_the_deadline_with_the_last_status() {
    Supplier<CompletableFuture<Poll<String>>> probe =
        () -> CompletableFuture.completedFuture(Poll.pending("identifying"));

    Polling<String> polling =
        startPolling(probe, START.plus(ofSeconds(30)));
    time.advance(ofSeconds(30));

    assertThat(failure(polling.result()))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("[apimodels] the deadline passed after 30000 ms; the last status was identifying");
    assertThat(polling.polls()).isEqualTo(3);
  }

  @Test
  void should_end_generic_polling_with_a_value_from_outside() {
    Supplier<CompletableFuture<Poll<String>>> probe =
        () -> CompletableFuture.completedFuture(Poll.pending(null));
    Polling<String> polling = startPolling(probe, FAR_DEADLINE);
    time.advance(ofSeconds(5));

    polling.complete("session-9");
    polling.complete("ignored");

    assertThat(polling.result()).isCompletedWithValue("session-9");
    assertThat(time.pendingDelays()).isEmpty();
    time.advance(Duration.ofHours(1));
    assertThat(polling.polls()).isEqualTo(1);
  }

  @Test
  void should_poll_again_at_once_on_the_answering_thread_when_no_delay_is_due() {
    PollSchedule atOnce = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);
    List<CompletableFuture<Poll<String>>> asked = new ArrayList<>();
    Polling<String> polling = tracker.newPolling(ErrorContext.of("apimodels"), () -> {
      CompletableFuture<Poll<String>> answer = new CompletableFuture<>();
      asked.add(answer);
      return answer;
    }, atOnce, FAR_DEADLINE);

    polling.start();
    assertThat(asked).hasSize(1);
    asked.get(0).complete(Poll.pending("running")); // as an HTTP answer arrives, on its own thread

    // The next poll was made right there, not left to the scheduler's thread.
    assertThat(asked).hasSize(2);
    assertThat(time.pendingDelays()).isEmpty();
    asked.get(1).complete(Poll.done("session-3"));
    assertThat(polling.result()).isCompletedWithValue("session-3");
  }

  @Test
  void should_leave_the_next_undelayed_poll_to_the_scheduler_when_the_probe_answers_at_once() {
    PollSchedule atOnce = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);
    Deque<Poll<String>> answers = new ArrayDeque<>(List.of(
        Poll.pending("running"), Poll.pending("running"), Poll.done("session-4")));
    Polling<String> polling = tracker.newPolling(ErrorContext.of("apimodels"),
        () -> CompletableFuture.completedFuture(answers.poll()), atOnce, FAR_DEADLINE);

    // A probe that answers at once would recurse, as deep as it answers "pending", were each next
    // poll made inline.
    polling.start();

    assertThat(polling.polls()).isEqualTo(1);
    assertThat(time.pendingDelays()).containsExactly(Duration.ZERO);
    time.runDue();
    assertThat(polling.result()).isCompletedWithValue("session-4");
    assertThat(polling.polls()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- order of news

  @Test
  void should_hold_news_offered_before_the_start_until_the_announcement_has_run() {
    List<String> heard = new ArrayList<>();
    vendor.says("processing");
    Tracking tracking = tracker.prepare(REF, vendor, SCHEDULE, FAR_DEADLINE,
        change -> heard.add(change.rawStatus()));
    tracking.offer(snapshot(TaskState.RUNNING, "callback-running"));

    assertThat(heard).isEmpty();
    assertThat(time.pendingDelays()).as("nothing polled before the start").isEmpty();

    tracking.start(() -> heard.add("announced"));

    assertThat(heard).containsExactly("announced", "callback-running");
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(5));
  }

  @Test
  @Timeout(10)
  void should_make_a_callback_arriving_during_the_announcement_wait_for_it() throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    Tracking tracking = tracker.prepare(REF, vendor, SCHEDULE, FAR_DEADLINE,
        change -> heard.add(change.rawStatus()));
    Thread callback = new Thread(() -> tracking.offer(snapshot(TaskState.RUNNING, "callback-running")));

    tracking.start(() -> {
      callback.start();
      // The callback thread either waits for this announcement (right) or has told its news already.
      while (callback.getState() != Thread.State.BLOCKED && callback.getState() != Thread.State.TERMINATED) {
        Thread.onSpinWait();
      }
      heard.add("announced");
    });
    callback.join();

    assertThat(heard).containsExactly("announced", "callback-running");
  }

  @Test
  @Timeout(30)
  void should_tell_news_offered_on_many_threads_once_each_and_in_order() throws Exception {
    List<TaskSnapshot> offers = List.of(
        snapshot(TaskState.QUEUED, "submitted"),
        snapshot(TaskState.RUNNING, "processing"),
        succeeded());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 300; round++) {
        List<TaskState> heard = Collections.synchronizedList(new ArrayList<>());
        Tracking tracking = tracker.prepare(REF, vendor, SCHEDULE, FAR_DEADLINE,
            change -> heard.add(change.state()));
        tracking.start(() -> {});
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
          List<TaskSnapshot> order = new ArrayList<>(offers);
          Collections.rotate(order, thread);
          done.add(threads.submit(() -> {
            go.await();
            order.forEach(tracking::offer);
            return null;
          }));
        }
        go.countDown();
        for (Future<?> each : done) {
          each.get();
        }

        assertThat(heard).as("round %s", round).doesNotHaveDuplicates().endsWith(TaskState.SUCCEEDED);
        assertThat(heard).as("round %s", round).isSortedAccordingTo(Comparator.comparing(TaskState::ordinal));
        assertThat(tracking.result()).isCompletedWithValue(offers.get(2));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void should_refuse_to_start_twice() {
    vendor.says("processing");
    Tracking tracking = tracker.prepare(REF, vendor, SCHEDULE, FAR_DEADLINE, changes::add);
    tracking.start(() -> {});

    assertThatIllegalStateException()
        .isThrownBy(() -> tracking.start(() -> {}))
        .withMessageContaining("started before");
    assertThat(time.pendingDelays()).containsExactly(ofSeconds(5));
  }

  @Test
  void should_read_the_clock_of_its_scheduler() {
    assertThat(tracker.scheduler()).isSameAs(time);
    assertThat(tracker.scheduler().now()).isEqualTo(START);
  }

  /** The tracker's polling loop on its own, started, as a {@link Tracking} runs it. */
  private <T> Polling<T> startPolling(Supplier<CompletableFuture<Poll<T>>> probe, Instant deadline) {
    Polling<T> polling = tracker.newPolling(ErrorContext.of("apimodels"), probe, SCHEDULE, deadline);
    polling.start();
    return polling;
  }

  // ---------------------------------------------------------------- placed around the expected end

  @Test
  void should_place_polls_around_the_expected_end_instead_of_on_the_schedule() {
    vendor.says("processing", "processing").answers(succeeded());
    PollPlacement placement = new PollPlacement(START, new ExpectedEnd(ofSeconds(100), ofSeconds(150)), SCHEDULE);

    Tracking tracking = tracker.prepare(REF, vendor, SCHEDULE, placement, FAR_DEADLINE, changes::add);
    tracking.start(() -> {});

    assertThat(time.pendingDelays()).containsExactly(ofSeconds(100));
    time.advance(ofSeconds(121));
    assertThat(vendor.calls()).isEqualTo(seconds(100, 110, 121));
    assertThat(tracking.result()).isCompletedWithValue(succeeded());
  }

  @Test
  void should_take_the_end_as_midway_between_the_last_poll_under_way_and_the_one_that_saw_it() {
    vendor.says("processing", "processing").answers(succeeded());
    Tracking tracking = track();
    time.advance(ofSeconds(15));
    assertThat(tracking.endedAround()).isEmpty();

    time.advance(ofSeconds(20));

    assertThat(vendor.calls()).isEqualTo(seconds(5, 15, 35));
    assertThat(tracking.endedAround()).contains(START.plusSeconds(25));
  }

  @Test
  void should_take_the_end_as_the_first_poll_that_saw_it_when_none_saw_the_task_under_way() {
    vendor.answers(succeeded());
    Tracking tracking = track();

    time.advance(ofSeconds(5));

    assertThat(tracking.endedAround()).as("ended by then, nothing more known").contains(START.plusSeconds(5));
  }

  @Test
  void should_take_the_end_as_when_a_confirmed_callback_arrived_and_end_at_once() {
    vendor.says("processing").answers(succeeded());
    Tracking tracking = track();
    time.advance(ofSeconds(12));

    tracking.hint(succeeded());

    assertThat(tracking.result()).isCompletedWithValue(succeeded());
    assertThat(tracking.endedAround()).contains(START.plusSeconds(12));
    assertThat(time.pendingDelays()).as("no poll after the callback's end").isEmpty();
  }
}

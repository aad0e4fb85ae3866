package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
}

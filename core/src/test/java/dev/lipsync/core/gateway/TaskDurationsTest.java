package dev.lipsync.core.gateway;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.tracking.ManualScheduler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a gateway learns of its vendors' durations, and how it shares it through its store. */
class TaskDurationsTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryJobStore store = new InMemoryJobStore();

  /** Records {@code count} tasks at kling of 10 s of audio that took 100 s. */
  private void learn(TaskDurations durations, int count) {
    for (int i = 0; i < count; i++) {
      durations.record("kling", ofSeconds(10), ofSeconds(100), time.now());
    }
  }

  /** A store that runs {@code handler} for the durations methods and throws for anything else. */
  private static JobStore store(InvocationHandler handler) {
    return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("recordDuration") || method.getName().equals("durations")) {
            return handler.invoke(proxy, method, args);
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void should_expect_an_end_once_ten_tasks_of_a_vendor_are_known() {
    TaskDurations durations = new TaskDurations(store, time);
    assertThat(durations.expect("kling", ofSeconds(10))).isNull();

    learn(durations, 9);
    assertThat(durations.expect("kling", ofSeconds(10))).isNull();
    learn(durations, 1);

    assertThat(durations.expect("kling", ofSeconds(10))).isEqualTo(new ExpectedEnd(ofSeconds(100), ofSeconds(100)));
    assertThat(durations.expect("alad", ofSeconds(10))).as("another vendor").isNull();
    assertThat(store.durations("kling", 100)).as("kept in the store").hasSize(10);
  }

  @Test
  void should_learn_from_what_another_gateway_on_the_same_store_recorded() {
    learn(new TaskDurations(store, time), 10);

    TaskDurations restarted = new TaskDurations(store, time);

    assertThat(restarted.expect("kling", ofSeconds(10))).isNotNull();
  }

  @Test
  void should_read_the_store_again_after_a_while_to_take_in_other_gateways_durations() {
    TaskDurations here = new TaskDurations(store, time);
    assertThat(here.expect("kling", ofSeconds(10))).isNull();
    learn(new TaskDurations(store, time), 10);

    time.advance(TaskDurations.REFRESH.minusSeconds(1));
    assertThat(here.expect("kling", ofSeconds(10))).as("read a while ago").isNull();
    time.advance(ofSeconds(1));

    assertThat(here.expect("kling", ofSeconds(10))).isNotNull();
  }

  @Test
  void should_learn_only_in_memory_from_a_store_that_keeps_no_durations() {
    TaskDurations durations = new TaskDurations(store(InvocationHandler::invokeDefault), time);
    durations.expect("kling", ofSeconds(10));
    learn(durations, 10);
    time.advance(TaskDurations.REFRESH);

    assertThat(durations.expect("kling", ofSeconds(10))).as("kept here over the store's empty answer").isNotNull();
  }

  @Test
  void should_go_on_past_a_store_with_a_bug() {
    TaskDurations durations = new TaskDurations(store((proxy, method, args) -> {
      throw new IllegalStateException("a bug in the store");
    }), time);

    assertThat(durations.expect("kling", ofSeconds(10))).isNull();
    learn(durations, 10);

    assertThat(durations.expect("kling", ofSeconds(10))).as("learnt here").isNotNull();
  }

  @Test
  void should_go_on_without_a_store_that_fails() {
    TaskDurations durations = new TaskDurations(store((proxy, method, args) -> {
      throw new JobStoreException("the database is down");
    }), time);

    assertThat(durations.expect("kling", ofSeconds(10))).isNull();
    learn(durations, 10);

    assertThat(durations.expect("kling", ofSeconds(10))).as("learnt here").isNotNull();
  }
}

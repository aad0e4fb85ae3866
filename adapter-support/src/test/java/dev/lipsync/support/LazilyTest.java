package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazilyTest {

  @Test
  void should_make_nothing_until_first_asked_then_keep_what_it_made() {
    AtomicInteger made = new AtomicInteger();
    Lazily<Object> value = Lazily.of(() -> {
      made.incrementAndGet();
      return new Object();
    });

    assertThat(made).hasValue(0);
    Object first = value.get();

    assertThat(value.get()).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void should_make_the_value_once_when_many_threads_ask_at_once() throws Exception {
    AtomicInteger made = new AtomicInteger();
    CountDownLatch asking = new CountDownLatch(1);
    Lazily<Object> value = Lazily.of(() -> {
      made.incrementAndGet();
      return new Object();
    });
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(threads.submit(() -> {
          asking.await();
          return value.get();
        }));
      }
      asking.countDown();
      for (Future<Object> answer : answers) {
        assertThat(answer.get()).isSameAs(value.get());
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(made).hasValue(1);
  }

  @Test
  void should_refuse_a_null_value_and_try_again_on_the_next_call() {
    AtomicInteger calls = new AtomicInteger();
    Lazily<String> value = Lazily.of(() -> calls.incrementAndGet() == 1 ? null : "made");

    assertThatThrownBy(value::get).isInstanceOf(NullPointerException.class).hasMessageContaining("null");
    assertThat(value.get()).isEqualTo("made");
  }
}

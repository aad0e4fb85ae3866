package dev.lipsync.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TaskSlotsTest {

  @Test
  void should_give_free_slots_at_once_and_the_rest_in_order_as_slots_come_back() {
    TaskSlots slots = new TaskSlots(2);
    CompletableFuture<TaskSlots.Slot> first = slots.acquire();
    CompletableFuture<TaskSlots.Slot> second = slots.acquire();
    CompletableFuture<TaskSlots.Slot> third = slots.acquire();
    CompletableFuture<TaskSlots.Slot> fourth = slots.acquire();

    assertThat(first).isDone();
    assertThat(second).isDone();
    assertThat(third).isNotDone();
    assertThat(slots.inFlight()).isEqualTo(2);
    assertThat(slots.waiting()).isEqualTo(2);

    second.join().release();
    assertThat(third).as("first come, first served").isDone();
    assertThat(fourth).isNotDone();
    second.join().release();
    assertThat(fourth).as("a slot is given back once, however often").isNotDone();
    assertThat(slots.inFlight()).isEqualTo(2);
  }

  @Test
  void should_pass_over_a_waiter_that_gave_up_its_place() {
    TaskSlots slots = new TaskSlots(1);
    TaskSlots.Slot held = slots.acquire().join();
    CompletableFuture<TaskSlots.Slot> gaveUp = slots.acquire();
    CompletableFuture<TaskSlots.Slot> next = slots.acquire();

    gaveUp.cancel(false);
    assertThat(slots.waiting()).isOne();
    held.release();

    assertThat(next).isDone();
    assertThat(slots.inFlight()).isOne();
  }

  @Test
  void should_count_a_task_that_exists_whatever_the_limit_and_give_all_at_once_without_one() {
    TaskSlots limited = new TaskSlots(1);
    limited.acquire().join();
    TaskSlots.Slot existing = limited.occupy();
    assertThat(limited.inFlight()).isEqualTo(2);
    CompletableFuture<TaskSlots.Slot> waiting = limited.acquire();
    existing.release();
    assertThat(waiting).as("still one in flight, the limit").isNotDone();

    TaskSlots unlimited = new TaskSlots(TaskSlots.UNLIMITED);
    for (int i = 0; i < 100; i++) {
      assertThat(unlimited.acquire()).isDone();
    }
    assertThat(unlimited.inFlight()).isEqualTo(100);
  }
}

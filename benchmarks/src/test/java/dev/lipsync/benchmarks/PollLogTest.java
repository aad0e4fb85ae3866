package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.benchmarks.PollLog.Poll;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollLogTest {

  @Test
  void should_accept_a_task_handed_over_once_from_the_killed_instance_after_the_kill() {
    List<Poll> polls = List.of(new Poll("t1", "a", 1), new Poll("t1", "a", 2), new Poll("t1", "b", 5),
        new Poll("t1", "b", 6), new Poll("t2", "c", 3));

    assertThat(PollLog.polledByTwo(polls, "a", 4)).isEmpty();
    assertThat(PollLog.handedOver(polls)).containsExactly("t1");
  }

  @Test
  void should_find_a_task_that_two_live_instances_polled() {
    List<Poll> polls = List.of(new Poll("t1", "b", 1), new Poll("t1", "c", 2));

    assertThat(PollLog.polledByTwo(polls, "a", 10)).containsExactly("t1");
  }

  @Test
  void should_find_a_task_polled_by_turns() {
    List<Poll> polls = List.of(new Poll("t1", "a", 1), new Poll("t1", "b", 2), new Poll("t1", "a", 3));

    assertThat(PollLog.polledByTwo(polls, "a", 10)).containsExactly("t1");
  }

  @Test
  void should_find_a_task_the_killed_instance_polled_after_its_kill() {
    List<Poll> polls = List.of(new Poll("t1", "a", 5));

    assertThat(PollLog.polledByTwo(polls, "a", 4)).containsExactly("t1");
  }

  @Test
  void should_order_polls_by_their_sequence_not_their_place_in_the_list() {
    List<Poll> polls = List.of(new Poll("t1", "b", 6), new Poll("t1", "a", 1));

    assertThat(PollLog.polledByTwo(polls, "a", 4)).isEmpty();
  }

  @Test
  void should_number_recorded_polls_from_the_mark() {
    PollLog log = new PollLog();
    log.record("t1", "a");
    long mark = log.mark();
    log.record("t1", "b");

    assertThat(log.polls()).extracting(Poll::sequence).containsExactly(mark - 1, mark);
  }
}

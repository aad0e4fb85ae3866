package dev.lipsync.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which instance polled which task, in the order the polls were sent: how the job-store harness shows
 * that no task was polled by two live instances. A task may change hands once, from the instance that
 * was killed to one that took its job over, after the kill; any other change of hands, or an instance
 * polling a task again after another did, is a task polled twice. Thread-safe.
 */
final class PollLog {
  /** One status request: its task, the instance that sent it, and its place in the order of all. */
  record Poll(String taskId, String instance, long sequence) {}

  private final AtomicLong sequence = new AtomicLong();
  private final List<Poll> polls = new ArrayList<>();

  /** Records a status request about {@code taskId} sent by {@code instance}, now. */
  synchronized void record(String taskId, String instance) {
    polls.add(new Poll(taskId, instance, sequence.incrementAndGet()));
  }

  /** The place in the order of the next poll: polls recorded from now on come at or after it. */
  long mark() {
    return sequence.get() + 1;
  }

  synchronized List<Poll> polls() {
    return List.copyOf(polls);
  }

  /**
   * The tasks polled by two live instances: where the pollers of a task, in order, change more than
   * once, or change from any instance but {@code killed}, or {@code killed} polled at or after {@code
   * killedAt} (a {@link #mark()} taken when it was killed).
   */
  static Set<String> polledByTwo(List<Poll> polls, String killed, long killedAt) {
    Objects.requireNonNull(killed, "killed == null");
    Map<String, List<Poll>> byTask = new LinkedHashMap<>();
    for (Poll poll : polls) {
      byTask.computeIfAbsent(poll.taskId(), task -> new ArrayList<>()).add(poll);
    }
    Set<String> twice = new TreeSet<>();
    for (Map.Entry<String, List<Poll>> task : byTask.entrySet()) {
      List<Poll> ordered = new ArrayList<>(task.getValue());
      ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
      int handOvers = 0;
      for (int i = 0; i < ordered.size(); i++) {
        Poll poll = ordered.get(i);
        if (poll.instance().equals(killed) && poll.sequence() >= killedAt) {
          twice.add(task.getKey());
        }
        if (i > 0 && !ordered.get(i - 1).instance().equals(poll.instance())) {
          handOvers++;
          if (!ordered.get(i - 1).instance().equals(killed)) {
            twice.add(task.getKey());
          }
        }
      }
      if (handOvers > 1) {
        twice.add(task.getKey());
      }
    }
    return twice;
  }

  /** The tasks that more than one instance polled, one after the other. */
  static Set<String> handedOver(List<Poll> polls) {
    Map<String, Set<String>> pollers = new LinkedHashMap<>();
    for (Poll poll : polls) {
      pollers.computeIfAbsent(poll.taskId(), task -> new TreeSet<>()).add(poll.instance());
    }
    Set<String> handed = new TreeSet<>();
    pollers.forEach((task, instances) -> {
      if (instances.size() > 1) {
        handed.add(task);
      }
    });
    return handed;
  }
}

package dev.lipsync.core.provider;

import dev.lipsync.core.model.TaskState;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vendor's status words and the states they mean. A word the map does not know is taken as {@link
 * TaskState#RUNNING} (the task goes on until its deadline) and logged once per vendor and word, so a
 * vendor's new word is noticed without flooding the log. Case is ignored. Thread-safe.
 *
 * <pre>{@code
 * static final StatusWords WORDS = StatusWords.of("cometapi", Map.of(
 *     "submitted", TaskState.QUEUED, "processing", TaskState.RUNNING,
 *     "succeed", TaskState.SUCCEEDED, "failed", TaskState.FAILED));
 * }</pre>
 */
public final class StatusWords {
  private static final Logger log = LoggerFactory.getLogger(StatusWords.class);

  private final String vendor;
  private final Map<String, TaskState> states;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  private StatusWords(String vendor, Map<String, TaskState> states) {
    this.vendor = vendor;
    this.states = states;
  }

  /** The words of {@code vendor}. */
  public static StatusWords of(String vendor, Map<String, TaskState> states) {
    Objects.requireNonNull(vendor, "vendor == null");
    return new StatusWords(
        vendor,
        states.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)));
  }

  /** The state a word means; an unknown or missing word means {@link TaskState#RUNNING}. */
  public TaskState stateOf(@Nullable String word) {
    String key = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
    TaskState state = states.get(key);
    if (state != null) {
      return state;
    }
    if (reported.add(key)) {
      log.warn("{} sent the status word \"{}\", which no mapping knows; the task is taken as running",
          vendor, word);
    }
    return TaskState.RUNNING;
  }

  /** Whether the word is one the map knows. */
  public boolean knows(@Nullable String word) {
    return word != null && states.containsKey(word.strip().toLowerCase(Locale.ROOT));
  }
}

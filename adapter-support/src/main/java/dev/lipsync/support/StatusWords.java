package dev.lipsync.support;

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
 * vendor's new word is noticed without flooding the log: at most {@value #MAX_LOGGED_WORDS} words per
 * vendor, each shortened and stripped of control characters, since a vendor sending ever new words (or
 * garbage) must neither fill the log nor memory. Case is ignored. Thread-safe.
 *
 * <pre>{@code
 * static final StatusWords WORDS = StatusWords.of("cometapi", Map.of(
 *     "submitted", TaskState.QUEUED, "processing", TaskState.RUNNING,
 *     "succeed", TaskState.SUCCEEDED, "failed", TaskState.FAILED));
 * }</pre>
 */
public final class StatusWords {
  private static final Logger log = LoggerFactory.getLogger(StatusWords.class);
  /** How many unknown words of one vendor are logged (and remembered) at most. */
  static final int MAX_LOGGED_WORDS = 32;
  private static final int MAX_WORD_CHARS = 60;

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
    if (reported.size() < MAX_LOGGED_WORDS && reported.add(key)) {
      log.warn("{} sent the status word \"{}\", which no mapping knows; the task is taken as running",
          vendor, printable(word));
      if (reported.size() == MAX_LOGGED_WORDS) {
        log.warn("{} sent {} unknown status words; further ones are not logged", vendor, MAX_LOGGED_WORDS);
      }
    }
    return TaskState.RUNNING;
  }

  /** How many unknown words were logged. */
  int loggedWords() {
    return reported.size();
  }

  /** A vendor's word as a log line may show it: one line, shortened. */
  private static @Nullable String printable(@Nullable String word) {
    if (word == null) {
      return null;
    }
    String line = word.codePoints()
        .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return line.length() <= MAX_WORD_CHARS ? line
        : line.substring(0, MAX_WORD_CHARS) + "…(" + word.length() + " chars)";
  }

  /** Whether the word is one the map knows. */
  public boolean knows(@Nullable String word) {
    return word != null && states.containsKey(word.strip().toLowerCase(Locale.ROOT));
  }
}

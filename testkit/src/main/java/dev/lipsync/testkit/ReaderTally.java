package dev.lipsync.testkit;

import dev.lipsync.core.error.LipSyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What an adapter's reader made of many answers, such as {@link AnswerFuzzer}'s: a value, or one of
 * the library's typed errors (a {@link LipSyncException}, thrown or failing the future as it is, not
 * wrapped) are fine; anything else is kept, with the input, as {@link #unexpected()}: another
 * exception, a wrapped one, a null value, or no outcome within {@link #MAX_WAIT} (a hang, or as good
 * as one). A reader that never returns at all is for the test's own timeout to catch.
 *
 * <pre>{@code
 * ReaderTally status = new ReaderTally("status");
 * status.read(body, () -> provider.status(ref));
 * assertThat(status.unexpected()).isEmpty();
 * }</pre>
 *
 * Not thread-safe.
 */
public final class ReaderTally {
  /** How long one read may take before it counts as a hang. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);
  /** The outcome of a read that returned a value. */
  public static final String VALUE = "value";
  private static final int MAX_INPUT_SHOWN = 300;

  private final String reader;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> unexpected = new ArrayList<>();

  /** A tally of the reader named {@code reader} (for messages). */
  public ReaderTally(String reader) {
    this.reader = Objects.requireNonNull(reader, "reader == null");
  }

  /** Reads {@code input} through a call whose future must complete within {@link #MAX_WAIT}. */
  public void read(String input, Supplier<? extends CompletableFuture<?>> call) {
    CompletableFuture<?> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      unexpected(input, "threw instead of failing its future: " + e);
      return;
    }
    try {
      value(input, future.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      failure(input, e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      unexpected(input, "no outcome within " + MAX_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Reads {@code input} through a direct call, which must return within {@link #MAX_WAIT}. */
  public void readNow(String input, Supplier<?> call) {
    long started = System.nanoTime();
    Object value = null;
    RuntimeException failure = null;
    try {
      value = call.get();
    } catch (RuntimeException e) {
      failure = e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (took.compareTo(MAX_WAIT) > 0) {
      unexpected(input, "took " + took.toMillis() + " ms");
    } else if (failure != null) {
      failure(input, failure);
    } else {
      value(input, value);
    }
  }

  /** How often each outcome came: {@link #VALUE}, or the simple name of the library's error. */
  public Map<String, Integer> outcomes() {
    return Map.copyOf(outcomes);
  }

  /** How often {@code outcome} came. */
  public int count(String outcome) {
    return outcomes.getOrDefault(outcome, 0);
  }

  /** The reads that ended otherwise, each with its input (shortened) and what happened. */
  public List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** How many inputs were read. */
  public int reads() {
    return outcomes.values().stream().mapToInt(Integer::intValue).sum() + unexpected.size();
  }

  @Override
  public String toString() {
    return reader + ": " + reads() + " reads, " + outcomes + ", " + unexpected.size() + " unexpected";
  }

  private void value(String input, Object value) {
    if (value == null) {
      unexpected(input, "a null value");
    } else {
      outcomes.merge(VALUE, 1, Integer::sum);
    }
  }

  private void failure(String input, Throwable failure) {
    if (failure instanceof LipSyncException) {
      outcomes.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
    } else if (failure instanceof CompletionException) {
      unexpected(input, "a wrapped failure: " + failure);
    } else {
      unexpected(input, "not the library's error: " + failure);
    }
  }

  private void unexpected(String input, String what) {
    String shown = input.length() <= MAX_INPUT_SHOWN ? input
        : input.substring(0, MAX_INPUT_SHOWN) + "…(" + input.length() + " chars)";
    unexpected.add(reader + " of " + shown + " → " + what);
  }
}

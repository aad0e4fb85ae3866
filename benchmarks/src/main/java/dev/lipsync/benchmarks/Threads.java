package dev.lipsync.benchmarks;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts live threads by who owns them, told apart by name: the library's scheduler ({@code
 * lipsync-scheduler-N}), its HTTP client (OkHttp's dispatcher and task runner, {@code OkHttp ...},
 * and Okio's watchdog, which enforces call timeouts),
 * the vendor simulators ({@code MockWebServer ...}, which stand for the vendors and are not the
 * library's), the harness itself, and the JVM's own.
 */
final class Threads {
  private Threads() {}

  /** Who a thread belongs to. */
  enum Owner {
    LIBRARY,
    HTTP_CLIENT,
    SIMULATOR,
    SHARED_POOL,
    HARNESS,
    JVM;

    /** Whether the library answers for this thread: its own and its HTTP client's. */
    boolean isLibrarys() {
      return this == LIBRARY || this == HTTP_CLIENT;
    }
  }

  static Owner ownerOf(String threadName) {
    if (threadName.startsWith("lipsync-")) {
      return Owner.LIBRARY;
    }
    if (threadName.startsWith("OkHttp") || threadName.equals("Okio Watchdog")) {
      return Owner.HTTP_CLIENT;
    }
    if (threadName.startsWith("MockWebServer")) {
      return Owner.SIMULATOR;
    }
    if (threadName.startsWith("ForkJoinPool.commonPool")) {
      // Nobody's in particular: counted apart, so a library that leaned on it would show here.
      return Owner.SHARED_POOL;
    }
    if (threadName.equals("main") || threadName.startsWith("bench-")) {
      return Owner.HARNESS;
    }
    return Owner.JVM;
  }

  /** The live threads now, counted by owner. */
  static Map<Owner, Integer> census() {
    Map<Owner, Integer> counts = new EnumMap<>(Owner.class);
    for (Owner owner : Owner.values()) {
      counts.put(owner, 0);
    }
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() * 2 + 16];
    int count = root.enumerate(threads, true);
    for (int i = 0; i < count; i++) {
      counts.merge(ownerOf(threads[i].getName()), 1, Integer::sum);
    }
    return counts;
  }

  /** The library's threads (its own and its HTTP client's) in a census. */
  static int librarys(Map<Owner, Integer> census) {
    return census.entrySet().stream().filter(e -> e.getKey().isLibrarys()).mapToInt(Map.Entry::getValue).sum();
  }

  /**
   * Takes a census every few milliseconds on a thread of its own and keeps, for each owner, the most
   * threads seen since the last {@link #reset()}. Thread-safe.
   */
  static final class PeakSampler implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private Map<Owner, Integer> peak = new EnumMap<>(Owner.class);

    PeakSampler() {
      thread = new Thread(this::sample, "bench-thread-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      while (running.get()) {
        Map<Owner, Integer> now = census();
        synchronized (this) {
          now.forEach((owner, count) -> peak.merge(owner, count, Math::max));
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** The most threads of each owner seen since the last reset (or the start). */
    synchronized Map<Owner, Integer> peak() {
      Map<Owner, Integer> copy = new EnumMap<>(Owner.class);
      copy.putAll(peak);
      census().forEach((owner, count) -> copy.merge(owner, count, Math::max));
      return copy;
    }

    synchronized void reset() {
      peak = new EnumMap<>(Owner.class);
    }

    @Override
    public void close() {
      running.set(false);
      thread.interrupt();
    }
  }
}

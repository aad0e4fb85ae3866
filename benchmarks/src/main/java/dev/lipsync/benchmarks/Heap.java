package dev.lipsync.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What the heap holds after a full collection: the bytes used, and a class histogram to say of what.
 * Two snapshots, with and without the jobs in flight, tell what the jobs retain.
 */
final class Heap {
  private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private Heap() {}

  /**
   * The live heap: the heap's used bytes, and the live objects by class ({instances, bytes}).
   *
   * @param usedBytes as the memory bean reports it: live objects, and what the collector keeps
   *     besides (partly filled regions), so it wanders by some hundred kilobytes between snapshots
   */
  record Snapshot(long usedBytes, Map<String, long[]> byClass) {
    /** The bytes of every live object: exact, where {@link #usedBytes()} is not. */
    long objectBytes() {
      return byClass.values().stream().mapToLong(counts -> counts[1]).sum();
    }
  }

  /** One class's growth from one snapshot to another, per job. */
  record Growth(String className, double instancesPerJob, double bytesPerJob) {}

  /** Collects garbage, then reads the heap's live objects. */
  static Snapshot take() {
    // The histogram collects fully before it counts; collecting again settles what finalizers freed.
    histogram();
    System.gc();
    System.gc();
    Map<String, long[]> byClass = histogram();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Snapshot(used, byClass);
  }

  /** The classes that grew most from {@code without} to {@code with}, per job, biggest first. */
  static List<Growth> growth(Snapshot without, Snapshot with, int jobs, int limit) {
    List<Growth> growth = new ArrayList<>();
    with.byClass().forEach((name, counts) -> {
      long[] before = without.byClass().getOrDefault(name, new long[2]);
      long bytes = counts[1] - before[1];
      if (bytes > 0) {
        growth.add(new Growth(name, (counts[0] - before[0]) / (double) jobs, bytes / (double) jobs));
      }
    });
    growth.sort((a, b) -> Double.compare(b.bytesPerJob(), a.bytesPerJob()));
    return growth.subList(0, Math.min(limit, growth.size()));
  }

  /** The live objects by class name: {instances, bytes}. */
  private static Map<String, long[]> histogram() {
    String text;
    try {
      text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "gcClassHistogram",
          new Object[] {new String[0]},
          new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("the JVM gave no class histogram", e);
    }
    Map<String, long[]> byClass = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = HISTOGRAM_LINE.matcher(line);
      if (m.find()) {
        byClass.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    return byClass;
  }
}

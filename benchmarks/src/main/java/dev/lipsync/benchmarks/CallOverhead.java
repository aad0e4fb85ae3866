package dev.lipsync.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CallOverheadBenchmark} with JMH, kept short for a 2-core machine (two forks, each 6 × 1.5 s
 * of warm-up and 5 × 1 s measured), with the GC profiler for bytes allocated per call, and records each
 * benchmark's time and allocation as {@code <transport>.<benchmark>.ns|err|bytes}. The warm-up is
 * longer than JMH's habit on a fast machine because here the JIT needs about 9 s to settle the whole
 * stack; shorter, the first measured iterations are still falling.
 */
public final class CallOverhead {
  private CallOverhead() {}

  /** Runs the benchmarks; no arguments. */
  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(CallOverheadBenchmark.class.getName())
        // Two forks: the JIT's choices differ from one JVM to the next, and with one fork a benchmark's
        // figure moved by a third between runs (the bare adapter's status call 18 and 25 µs, each ±4 %).
        .forks(2)
        .warmupIterations(6)
        .warmupTime(TimeValue.milliseconds(1500))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .threads(1)
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .addProfiler(GCProfiler.class)
        .build();
    Collection<RunResult> runs = new Runner(options).run();
    Results results = Results.of("overhead");
    for (RunResult run : runs) {
      String benchmark = run.getParams().getBenchmark();
      String key = run.getParams().getParam("transport") + "." + benchmark.substring(benchmark.lastIndexOf('.') + 1);
      Result<?> time = run.getPrimaryResult();
      results.put(key + ".ns", time.getScore());
      results.put(key + ".err", time.getScoreError());
      Result<?> allocated = run.getSecondaryResults().get("gc.alloc.rate.norm");
      if (allocated != null) {
        results.put(key + ".bytes", allocated.getScore());
      }
    }
    results.write();
  }
}

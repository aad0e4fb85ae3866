/**
 * What the gateway costs its users, measured beside the raw client: JMH where code is timed
 * in-process ({@link dev.lipsync.benchmarks.CallOverheadBenchmark}), plain harnesses where a system is
 * measured (throughput, jobs in flight, requests per job, failover, start-up). Each harness writes its
 * figures to a results file; {@link dev.lipsync.benchmarks.Report} prints them as one table.
 * {@code benchmarks/run} builds and runs everything; {@code docs/PERFORMANCE.md} holds a run's table.
 */
@NullMarked
package dev.lipsync.benchmarks;

import org.jspecify.annotations.NullMarked;

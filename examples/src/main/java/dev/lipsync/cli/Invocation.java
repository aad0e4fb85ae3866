package dev.lipsync.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the command works with: the environment it reads its configuration from, its two
 * output streams, whether a person watches standard error on a terminal, the demo's pace and the
 * clock. Tests give their own; {@link #system()} is the real one.
 *
 * @param env the environment variables
 * @param out standard output: results only (with {@code --json}, exactly one JSON object)
 * @param err standard error: progress and errors
 * @param interactive whether standard error is a terminal, for a live status line
 * @param demoPace how fast {@code lipsync demo} goes
 * @param clock what {@code lipsync jobs} measures a job's age by
 */
record Invocation(
    Map<String, String> env, PrintStream out, PrintStream err, boolean interactive, DemoPace demoPace,
    Clock clock) {

  Invocation {
    env = Map.copyOf(env);
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(err, "err == null");
    Objects.requireNonNull(demoPace, "demoPace == null");
    Objects.requireNonNull(clock, "clock == null");
  }

  /** The process's own environment and streams. */
  static Invocation system() {
    return new Invocation(System.getenv(), System.out, System.err, System.console() != null, DemoPace.HUMAN,
        Clock.systemUTC());
  }

  /** The same, with both streams masking {@code secrets}. */
  Invocation masking(Iterable<String> secrets) {
    return new Invocation(env, Redactor.wrap(out, secrets), Redactor.wrap(err, secrets), interactive, demoPace,
        clock);
  }
}

package dev.lipsync.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** How a job's future ended once a manual clock ran five minutes on: its value, or its failure unwrapped. */
final class Outcomes {
  private static final Duration ENOUGH = Duration.ofMinutes(5);

  private Outcomes() {}

  static <T> T finish(ManualScheduler time, CompletableFuture<T> future) {
    time.advance(ENOUGH);
    assertThat(future).isDone();
    return future.join();
  }

  static Throwable failureOf(ManualScheduler time, CompletableFuture<?> future) {
    time.advance(ENOUGH);
    try {
      future.get();
    } catch (ExecutionException e) {
      return LipSyncException.causeOf(e);
    } catch (CancellationException e) {
      return e;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }
}

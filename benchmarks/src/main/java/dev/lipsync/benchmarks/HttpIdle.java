package dev.lipsync.benchmarks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Dispatcher;

/**
 * Waits for an OkHttp dispatcher to have no call queued or running, so that a harness driving a
 * manual clock moves it only once every answer has been handled. A call's callback runs before the
 * dispatcher counts the call finished, so the follow-up calls and polls it schedules are already
 * counted or queued when the dispatcher reads idle.
 */
final class HttpIdle {
  private HttpIdle() {}

  static void await(Dispatcher dispatcher, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (dispatcher.runningCallsCount() + dispatcher.queuedCallsCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("HTTP calls still running after " + timeout + ": "
            + dispatcher.runningCallsCount() + " running, " + dispatcher.queuedCallsCount() + " queued");
      }
      LockSupport.parkNanos(100_000);
    }
  }
}

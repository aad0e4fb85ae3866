package dev.lipsync.core.provider;

/**
 * A call of a {@link LipSyncProvider} that can still be taken back while its request has not left
 * this process: a provider's future may implement it. The gateway asks when it gives up on a call
 * that has not answered in time, because a submit that waited in the HTTP client's queue behind slow
 * calls was never seen by the vendor: it failed before sending, and may go elsewhere; only a submit
 * that was sent may have created a task.
 *
 * <pre>{@code
 * if (call instanceof Withdrawable w && w.withdrawIfUnsent()) {
 *   // nothing was sent, and nothing will be
 * }
 * }</pre>
 *
 * A future that does not implement it is taken as possibly sent. Implementations are thread-safe.
 */
public interface Withdrawable {

  /**
   * Withdraws the call if no byte of its request has been sent; from then on it never will be.
   * Atomic with the sending: {@code true} means the vendor never saw the request, {@code false} that it
   * may have (the call went on as if this had not been asked).
   */
  boolean withdrawIfUnsent();
}

package dev.lipsync.support;

import dev.lipsync.core.provider.Withdrawable;
import java.util.concurrent.CompletableFuture;

/**
 * The future of one vendor call that the gateway can {@linkplain Withdrawable withdraw} while its
 * request has not been sent. Stages made from it are plain futures: they cannot withdraw the call,
 * because what they stand for (a call composed with others) may have sent something already.
 */
final class WithdrawableFuture<T> extends CompletableFuture<T> implements Withdrawable {
  private final Withdrawable call;

  WithdrawableFuture(Withdrawable call) {
    this.call = call;
  }

  @Override
  public boolean withdrawIfUnsent() {
    return call.withdrawIfUnsent();
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}

package dev.lipsync.support;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.provider.Withdrawable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Starts a vendor call and reads its answer into a future that fails only with a {@link
 * LipSyncException}, never wrapped in {@link CompletionException}, so that every adapter's futures fail
 * the same way; or with an {@link Error} (a {@link LinkageError} of a broken classpath) met before
 * anything was paid, which is this process's fault and passes as itself. Cancelling the returned future
 * cancels the HTTP call. The returned future is {@link Withdrawable} when the call's is: the gateway can
 * then tell a call that timed out unsent (queued in the client) from one that may have reached the vendor.
 *
 * <pre>{@code
 * return VendorCalls.read(ID, () -> api.status(taskId), answer -> Mapper.toCoreSnapshot(answer));
 * return VendorCalls.readPaid(ID, request.idempotencyKey(), () -> api.create(body), Mapper::toCoreRef);
 * }</pre>
 *
 * Stateless; thread-safe.
 */
public final class VendorCalls {
  private VendorCalls() {}

  /**
   * Reads the answer of a call that is safe to repeat. A reader that throws anything but a {@link
   * LipSyncException} met an answer it did not foresee: that is a {@link ProtocolException}.
   */
  public static <A, R> CompletableFuture<R> read(
      String vendor, Supplier<CompletableFuture<A>> call, Function<? super A, ? extends R> reader) {
    return read(ErrorContext.of(vendor), call, reader);
  }

  /**
   * The same, for a call about something known beforehand, such as the task a status call asks
   * about: the errors made here (a request that cannot be built, an answer the reader did not foresee)
   * carry {@code context}. The call's own failures pass unchanged.
   *
   * <pre>{@code
   * return VendorCalls.read(ErrorContext.of(ID).withTaskRef(ref), () -> api.status(ref.taskId()),
   *     answer -> Mapper.toCoreSnapshot(ref, answer));
   * }</pre>
   */
  public static <A, R> CompletableFuture<R> read(
      ErrorContext context, Supplier<CompletableFuture<A>> call, Function<? super A, ? extends R> reader) {
    return start(context, call, reader, Function.identity(), Function.identity(), error -> error);
  }

  /**
   * Reads the answer of a paid call (a submit). Whatever leaves it unknown whether a task was created
   * (no answer, an answer that is not the vendor's refusal, a 2xx answer that carries an error or names
   * no task) fails with {@link SubmitOutcomeUnknownException} carrying {@code idempotencyKey}, the key
   * that was sent (null if none was), so the task can be looked for.
   *
   * <p>Every failure of the reader, which reads a 2xx answer, becomes one. The call's own errors keep
   * their class: for a non-2xx answer, {@link VendorHttp}'s client has already kept only the vendor's
   * refusals: a 4xx or 5xx in its error format, with a code that means refused.
   */
  public static <A, R> CompletableFuture<R> readPaid(
      String vendor,
      @Nullable String idempotencyKey,
      Supplier<CompletableFuture<A>> call,
      Function<? super A, ? extends R> reader) {
    Function<LipSyncException, LipSyncException> withKey = failure ->
        failure instanceof SubmitOutcomeUnknownException unknown && idempotencyKey != null
            ? unknown.withIdempotencyKey(idempotencyKey) : failure;
    return start(ErrorContext.of(vendor), call, reader, withKey,
        failure -> withKey.apply(PaidAnswers.ofOkAnswer(failure)),
        error -> new SubmitOutcomeUnknownException(ErrorContext.of(vendor),
        "the answer to the submit could not be read (" + error + ")", idempotencyKey, error));
  }

  /**
   * @param onCallFailure what becomes of a library error of the call itself
   * @param onUnreadable what becomes of an error about the answer: the reader's, or one made here
   * @param onReaderError what becomes of an {@link Error} the reader throws: an answer was there
   */
  private static <A, R> CompletableFuture<R> start(
      ErrorContext context,
      Supplier<CompletableFuture<A>> call,
      Function<? super A, ? extends R> reader,
      Function<LipSyncException, LipSyncException> onCallFailure,
      Function<LipSyncException, LipSyncException> onUnreadable,
      Function<Error, Throwable> onReaderError) {
    CompletableFuture<A> answer;
    try {
      answer = call.get();
    } catch (LipSyncException e) {
      return CompletableFuture.failedFuture(onCallFailure.apply(e));
    } catch (RuntimeException e) {
      // Retrofit refuses, before sending, a request it cannot build (a path segment such as "..").
      return CompletableFuture.failedFuture(new InvalidRequestException(
          context, "the request could not be built (" + e.getMessage() + ")", e));
    }
    // The reader runs only on an answer, so the result is unsent exactly when the call is.
    CompletableFuture<R> result = answer instanceof Withdrawable withdrawable
        ? new WithdrawableFuture<>(withdrawable) : new CompletableFuture<>();
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        answer.cancel(true);
      }
    });
    answer.whenComplete((value, error) -> {
      if (error != null) {
        Throwable cause = LipSyncException.causeOf(error);
        if (cause instanceof CancellationException) {
          result.cancel(false);
        } else if (cause instanceof Error broken) {
          // This process's fault (a broken classpath), not the vendor's: passed on as itself.
          result.completeExceptionally(broken);
        } else if (cause instanceof LipSyncException failure) {
          result.completeExceptionally(onCallFailure.apply(failure));
        } else {
          result.completeExceptionally(onUnreadable.apply(asLipSync(context, cause)));
        }
        return;
      }
      try {
        result.complete(reader.apply(value));
      } catch (RuntimeException e) {
        result.completeExceptionally(onUnreadable.apply(asLipSync(context, e)));
      } catch (Error e) {
        // Thrown out of whenComplete it would vanish and leave the call pending for ever.
        result.completeExceptionally(onReaderError.apply(e));
      }
    });
    return result;
  }

  private static LipSyncException asLipSync(ErrorContext context, Throwable failure) {
    if (failure instanceof LipSyncException known) {
      return known;
    }
    return new ProtocolException(context,
        "the answer could not be read (" + failure.getClass().getSimpleName()
            + (failure.getMessage() == null ? "" : ": " + ErrorBodies.clean(failure.getMessage())) + ")",
        failure);
  }
}

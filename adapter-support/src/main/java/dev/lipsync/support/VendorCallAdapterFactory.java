package dev.lipsync.support;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.CallAdapter;
import retrofit2.Callback;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * Adapts Retrofit calls to {@code CompletableFuture<T>} that fail with the library's typed errors. A
 * non-2xx answer goes through {@link ErrorMapper}, and for a {@link Paid} call then through {@link
 * PaidAnswers}, which keeps only the vendor's refusals; a failure without an answer is told apart by
 * how far the exchange got: nothing sent means {@link UnavailableException} (safe to repeat
 * anywhere); sent but unanswered means {@link UnavailableException} for a safe call and {@link
 * SubmitOutcomeUnknownException} for a {@link Paid} one.
 */
final class VendorCallAdapterFactory extends CallAdapter.Factory {
  /** How much of an error body is read to find the vendor's code and message. */
  private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final String vendor;
  private final ApiKey apiKey;
  private final Clock clock;

  VendorCallAdapterFactory(String vendor, ApiKey apiKey, Clock clock) {
    this.vendor = vendor;
    this.apiKey = apiKey;
    this.clock = clock;
  }

  @Override
  public @Nullable CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
    if (getRawType(returnType) != CompletableFuture.class) {
      return null;
    }
    if (!(returnType instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException("CompletableFuture return type must be parameterized");
    }
    Type bodyType = getParameterUpperBound(0, parameterized);
    boolean paid = false;
    for (Annotation annotation : annotations) {
      paid |= annotation instanceof Paid;
    }
    return new Adapter<>(bodyType, paid);
  }

  private final class Adapter<R> implements CallAdapter<R, CompletableFuture<R>> {
    private final Type bodyType;
    private final boolean paid;

    Adapter(Type bodyType, boolean paid) {
      this.bodyType = bodyType;
      this.paid = paid;
    }

    @Override
    public Type responseType() {
      return bodyType;
    }

    @Override
    public CompletableFuture<R> adapt(Call<R> call) {
      Exchange exchange = call.request().tag(Exchange.class);
      CompletableFuture<R> future =
          exchange == null ? new CompletableFuture<>() : new WithdrawableFuture<>(exchange);
      future.whenComplete((r, t) -> {
        if (future.isCancelled()) {
          call.cancel();
        }
      });
      call.enqueue(new Callback<>() {
        @Override
        public void onResponse(Call<R> call, Response<R> response) {
          if (response.isSuccessful()) {
            R body = response.body();
            if (body == null) {
              future.completeExceptionally(unreadable(call, response.code(), "an empty answer", null));
            } else {
              future.complete(body);
            }
          } else {
            future.completeExceptionally(errorFor(response));
          }
        }

        @Override
        public void onFailure(Call<R> call, Throwable failure) {
          future.completeExceptionally(failureFor(call, failure));
        }
      });
      return future;
    }

    private LipSyncException errorFor(Response<R> response) {
      String body = readCapped(response.errorBody());
      ErrorBodies.VendorError said = ErrorBodies.read(body);
      ErrorContext context = new ErrorContext(
          vendor,
          response.code(),
          said.code(),
          said.message(), // masked where the answer entered (VendorKey)
          null);
      LipSyncException error =
          ErrorMapper.map(context, RetryAfter.parse(response.headers().get("Retry-After"), clock.instant()));
      return paid ? PaidAnswers.ofErrorAnswer(error) : error;
    }

    /**
     * What a call that got no usable answer fails with. A {@link LinkageError} or another {@link Error}
     * inside the call (OkHttp hands it over suppressed in an {@code IOException}) is this process's
     * fault, typically a broken classpath, never the vendor's: it surfaces as itself, so it is not
     * retried or failed over as an outage; only after a paid submit was sent does it become an
     * unknown outcome, since the vendor may have created the task.
     */
    private Throwable failureFor(Call<R> call, Throwable failure) {
      Exchange exchange = call.request().tag(Exchange.class);
      boolean sent = exchange == null || exchange.requestSent();
      boolean answered = exchange != null && exchange.responseStarted();
      Error broken = errorIn(failure);
      if (broken != null && !(paid && sent)) {
        return broken;
      }
      String what = describe(broken == null ? failure : broken);
      if (answered) {
        return unreadable(call, 0, "an answer that could not be read (" + what + ")", failure);
      }
      if (sent && paid) {
        return new SubmitOutcomeUnknownException(
            ErrorContext.of(vendor), "no answer after the submit was sent (" + what + ")", null, failure);
      }
      ErrorContext context = new ErrorContext(vendor, 0, null, null, null);
      if (!sent) {
        return UnavailableException.unreachable(context, "could not connect (" + what + ")", failure);
      }
      return new UnavailableException(context, "no answer (" + what + ")", failure);
    }

    private LipSyncException unreadable(Call<R> call, int status, String what, @Nullable Throwable cause) {
      ErrorContext context = new ErrorContext(vendor, status, null, null, null);
      if (paid) {
        return new SubmitOutcomeUnknownException(
            context, "the vendor answered the submit with " + what, null, cause);
      }
      return new ProtocolException(context, "the vendor answered with " + what, cause);
    }

    private static @Nullable Error errorIn(Throwable failure) {
      Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      while (!pending.isEmpty()) {
        Throwable next = pending.pop();
        if (!seen.add(next)) {
          continue;
        }
        if (next instanceof Error error) {
          return error;
        }
        if (next.getCause() != null) {
          pending.push(next.getCause());
        }
        pending.addAll(Arrays.asList(next.getSuppressed()));
      }
      return null;
    }

    private String describe(Throwable failure) {
      String message = failure.getMessage();
      String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
      return ErrorBodies.clean(apiKey.redact(text)); // masked before it is cut short
    }
  }

  private static @Nullable String readCapped(@Nullable ResponseBody body) {
    if (body == null) {
      return null;
    }
    try (body) {
      BufferedSource source = body.source();
      source.request(MAX_ERROR_BODY_BYTES);
      Buffer buffer = source.getBuffer();
      long size = Math.min(buffer.size(), MAX_ERROR_BODY_BYTES);
      return buffer.clone().readUtf8(size);
    } catch (IOException e) {
      return null;
    }
  }
}

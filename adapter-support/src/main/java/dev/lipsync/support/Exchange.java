package dev.lipsync.support;

import dev.lipsync.core.provider.Withdrawable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * How far one HTTP exchange got: whether request bytes went out and whether an answer began to arrive.
 * This is what tells a refused connection, or a call that never left the dispatcher's queue (nothing
 * sent, safe to repeat anywhere), from a timeout after sending (a paid submit may exist).
 *
 * <p>"Sent" is marked by {@link #SENDING}, a network interceptor: OkHttp runs it once the connection is
 * made, just before the request's first byte is written, so a call waiting in the queue or for a
 * connection is still unsent. Marking it there, rather than in an event, makes it atomic with {@link
 * #withdrawIfUnsent}: a call is either withdrawn and never sent, or sent and never withdrawn.
 * Thread-safe.
 */
final class Exchange implements Withdrawable {
  private static final int UNSENT = 0;
  private static final int SENT = 1;
  private static final int WITHDRAWN = 2;

  /** Marks the exchange sent as the request goes out, or stops a withdrawn one from going out. */
  static final Interceptor SENDING = chain -> {
    Exchange exchange = chain.request().tag(Exchange.class);
    if (exchange != null) {
      exchange.send();
    }
    return chain.proceed(chain.request());
  };

  private final AtomicInteger state = new AtomicInteger(UNSENT);
  private volatile boolean responseStarted;

  boolean requestSent() {
    return state.get() == SENT;
  }

  boolean responseStarted() {
    return responseStarted;
  }

  @Override
  public boolean withdrawIfUnsent() {
    return state.compareAndSet(UNSENT, WITHDRAWN) || state.get() == WITHDRAWN;
  }

  private void send() throws IOException {
    if (!state.compareAndSet(UNSENT, SENT) && state.get() == WITHDRAWN) {
      throw new IOException("withdrawn before it was sent");
    }
  }

  /** Reads, through the request's tag, when an answer began to arrive. */
  static final class Listener extends EventListener {
    static final EventListener.Factory FACTORY = call -> new Listener();

    @Override
    public void responseHeadersEnd(Call call, Response response) {
      Exchange exchange = call.request().tag(Exchange.class);
      if (exchange != null) {
        exchange.responseStarted = true;
      }
    }
  }
}

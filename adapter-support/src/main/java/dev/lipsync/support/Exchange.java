package dev.lipsync.support;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Response;

/**
 * How far one HTTP exchange got, recorded by OkHttp's events: whether request bytes went out and
 * whether an answer began to arrive. This is what tells a refused connection (nothing sent, safe to
 * repeat anywhere) from a timeout after sending (a paid submit may exist).
 */
final class Exchange {
  private volatile boolean requestSent;
  private volatile boolean responseStarted;

  boolean requestSent() {
    return requestSent;
  }

  boolean responseStarted() {
    return responseStarted;
  }

  /** Attaches an {@link Exchange} to every call's events, read back through the request's tag. */
  static final class Listener extends EventListener {
    static final EventListener.Factory FACTORY = call -> new Listener();

    private static Exchange of(Call call) {
      Exchange exchange = call.request().tag(Exchange.class);
      return exchange != null ? exchange : new Exchange();
    }

    @Override
    public void requestHeadersStart(Call call) {
      of(call).requestSent = true;
    }

    @Override
    public void requestFailed(Call call, IOException ioe) {
      of(call).requestSent = true;
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
      of(call).responseStarted = true;
    }
  }
}

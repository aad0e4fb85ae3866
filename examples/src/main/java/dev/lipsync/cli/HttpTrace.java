package dev.lipsync.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code --verbose}: one progress line per HTTP exchange with method, path, status and time. Only the
 * path is shown: no query, no headers, no body, so neither the key nor a signed URL's token can show.
 */
final class HttpTrace {
  private final Progress progress;
  private volatile boolean enabled = true;

  HttpTrace(Progress progress) {
    this.progress = progress;
  }

  /** Turns the trace on or off, e.g. for one part of the demo. */
  void enabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The interceptor for {@code vendor}'s HTTP client. */
  Interceptor forVendor(String vendor) {
    return chain -> {
      Request request = chain.request();
      long start = System.nanoTime();
      String exchange = "http " + vendor + " " + request.method() + " " + request.url().encodedPath();
      try {
        Response response = chain.proceed(request);
        if (enabled) {
          progress.note(exchange + " -> " + response.code() + " in " + millisSince(start) + " ms");
        }
        return response;
      } catch (IOException e) {
        if (enabled) {
          progress.note(exchange + " -> " + e.getClass().getSimpleName() + " after " + millisSince(start) + " ms");
        }
        throw e;
      }
    };
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}

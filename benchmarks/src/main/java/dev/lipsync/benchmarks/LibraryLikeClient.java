package dev.lipsync.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * OkHttp clients configured as the library's shared one ({@code VendorHttp}): at most 256 calls, 64
 * per host, and a pool keeping 64 idle connections. The harnesses give one to each provider through
 * its builder's {@code .client(...)}, and to the raw baselines, so that every variant runs on the same
 * client and a harness can wait for its calls to end.
 */
final class LibraryLikeClient {
  static final int MAX_REQUESTS = 256;
  static final int MAX_REQUESTS_PER_HOST = 64;

  private LibraryLikeClient() {}

  /** A client on OkHttp's own thread pool, as in production. */
  static OkHttpClient.Builder builder() {
    return builder(new Dispatcher());
  }

  /** A client whose calls run on {@code executor}. */
  static OkHttpClient.Builder builder(ExecutorService executor) {
    return builder(new Dispatcher(executor));
  }

  /** The client of {@link #builder()}. */
  static OkHttpClient create() {
    return builder().build();
  }

  private static OkHttpClient.Builder builder(Dispatcher dispatcher) {
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(MAX_REQUESTS_PER_HOST, 5, TimeUnit.MINUTES));
  }
}

package dev.lipsync.support;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The HTTP client of one vendor: Retrofit over OkHttp with Moshi, set up the same way for every
 * adapter. Interfaces created by {@link #create(Class)} return {@code CompletableFuture<T>}; their
 * failures are the library's typed errors (see {@link Paid} for submits).
 *
 * <pre>{@code
 * VendorHttp http = VendorHttp.builder("cometapi")
 *     .apiKey(ApiKey.of(key))
 *     .baseUrl("https://api.cometapi.com")
 *     .requestTimeout(Duration.ofSeconds(30))
 *     .build();
 * CometApi api = http.create(CometApi.class);
 * }</pre>
 *
 * <p>All vendors share one connection pool and one pool of threads unless given their own client, so
 * the library's HTTP threads stay bounded however many vendors and tasks there are. There, reads
 * (status polls, lookups) and sends (submits, identifications) queue in two dispatchers, so slow polls
 * never keep a submit from being sent. Whatever the client, a call that the gateway gives up on before
 * it was sent is {@linkplain dev.lipsync.core.provider.Withdrawable withdrawn}: it fails as not sent,
 * never as one the vendor may have received. Redirects are never
 * followed: a vendor's API does not redirect, and following one could send the key elsewhere.
 * Thread-safe.
 */
public final class VendorHttp {
  /** The defaults: 10 s to connect, 30 s to read or write, 60 s for a whole call. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** The default cap on an answer's size: 1 MiB, hundreds of times a vendor's largest JSON answer. */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

  private static final String USER_AGENT = "lipsync-gateway/0.1";

  private final String vendor;
  private final HttpUrl baseUrl;
  private final Moshi moshi;
  private final Retrofit retrofit;

  private VendorHttp(Builder builder, HttpUrl baseUrl, ApiKey apiKey) {
    this.vendor = builder.vendor;
    this.baseUrl = baseUrl;
    Moshi.Builder moshiBuilder = new Moshi.Builder();
    for (Object adapter : builder.jsonAdapters) {
      // Moshi.Builder.add(Object) takes only @FromJson/@ToJson objects; a factory needs its own overload.
      if (adapter instanceof JsonAdapter.Factory factory) {
        moshiBuilder.add(factory);
      } else {
        moshiBuilder.add(adapter);
      }
    }
    this.moshi = moshiBuilder.add(LenientNumbers.FACTORY).build();
    OkHttpClient base = builder.client != null ? builder.client : SharedClient.INSTANCE;
    // An application's own client keeps its one dispatcher: the application set its limits, and its
    // tests may watch that dispatcher to know when no call is under way.
    Dispatcher sendLane = builder.client != null ? base.dispatcher() : SharedClient.SEND_LANE;
    String fixedAuthorization = "Bearer " + apiKey.value();
    Supplier<String> tokens = builder.bearerTokens;
    OkHttpClient reads =
        base.newBuilder()
            .connectTimeout(builder.connectTimeout)
            .readTimeout(builder.readTimeout)
            .writeTimeout(builder.readTimeout)
            .callTimeout(builder.requestTimeout)
            .followRedirects(false)
            .followSslRedirects(false)
            // OkHttp would silently send a request again after a connection failure: for a paid submit
            // that is a second task. Retrying is the gateway's decision, made knowing what is safe.
            .retryOnConnectionFailure(false)
            .eventListenerFactory(Exchange.Listener.FACTORY)
            // After the application's own interceptors, so none of them sees the key either way.
            .addInterceptor(new VendorKey(
                tokens == null ? () -> fixedAuthorization : () -> "Bearer " + tokens.get(),
                apiKey,
                new AnswerSizeLimit(builder.maxAnswerBytes)))
            .dns(NetworkRules.dns(base.dns(), builder.allowPrivateNetworks))
            .addNetworkInterceptor(NetworkRules.connections(builder.allowPrivateNetworks))
            .addNetworkInterceptor(Exchange.SENDING)
            .build();
    OkHttpClient sends = reads.newBuilder().dispatcher(sendLane).build();
    this.retrofit =
        new Retrofit.Builder()
            .baseUrl(baseUrl)
            .callFactory(request -> (isRead(request) ? reads : sends).newCall(
                request.newBuilder().header("User-Agent", USER_AGENT).tag(Exchange.class, new Exchange()).build()))
            .addCallAdapterFactory(new VendorCallAdapterFactory(vendor, apiKey, builder.clock))
            .addConverterFactory(new ErrorPassingConverters(MoshiConverterFactory.create(moshi)))
            .build();
  }

  /**
   * Whether a call goes in the lane of reads (status polls, lookups), not in the lane of sends
   * (submits, identifications): see {@link SharedClient#SEND_LANE}. A vendor's reads are GETs and
   * its sends are not.
   */
  private static boolean isRead(Request request) {
    return request.method().equals("GET") || request.method().equals("HEAD");
  }

  /** Starts the client of {@code vendor}; an API key and a base URL are required. */
  public static Builder builder(String vendor) {
    return new Builder(vendor);
  }

  /** An implementation of a Retrofit interface whose methods return {@code CompletableFuture}. */
  public <T> T create(Class<T> service) {
    return retrofit.create(service);
  }

  /** The Moshi this client reads and writes with, for bodies read outside Retrofit (callbacks). */
  public Moshi moshi() {
    return moshi;
  }

  /** The vendor's base URL, ending in a slash. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The vendor's id. */
  public String vendor() {
    return vendor;
  }

  @Override
  public String toString() {
    return "VendorHttp[" + vendor + " at " + baseUrl + "]";
  }

  /** The client every vendor shares by default, for other fetches of the library to derive from. */
  static OkHttpClient sharedClient() {
    return SharedClient.INSTANCE;
  }

  /**
   * The client every vendor shares by default: one pool of connections, one of threads, and two
   * dispatchers, one per lane.
   *
   * <p>Why two lanes: a dispatcher runs at most {@link #MAX_REQUESTS_PER_HOST} calls per host and
   * queues the rest in order. With hundreds of tasks whose status answers are slow, the polls filled
   * those places and a submit waited in the queue behind them until the gateway gave up on it (issue
   * 28: 100 submits of 100, none of which the vendor ever received). So sends (submits and
   * identifications, the calls a job waits on and pays for) have a dispatcher of their own, and polls
   * can fill only theirs. A second dispatcher rather than a cap on polls in flight: the guarantee then
   * holds by construction for every adapter, whatever the per-host limit, where a cap would have to
   * stay below that limit and be kept in step with it. Both lanes run on the same
   * threads and connections, so the library's threads stay bounded ({@code 2 × MAX_REQUESTS}).
   */
  private static final class SharedClient {
    static final int MAX_REQUESTS = 256;
    static final int MAX_REQUESTS_PER_HOST = 64;
    private static final AtomicInteger THREADS = new AtomicInteger();
    static final OkHttpClient INSTANCE;
    /** The dispatcher of submits and identifications, beside {@link #INSTANCE}'s of reads. */
    static final Dispatcher SEND_LANE;

    static {
      // Daemon threads, unlike OkHttp's default: an application that has its results should not
      // wait another minute to exit for the library's idle HTTP threads.
      ThreadPoolExecutor executor = new ThreadPoolExecutor(
          0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "lipsync-http-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
      Dispatcher dispatcher = new Dispatcher(executor);
      // Status polls are short; the default of 5 per host would queue a busy gateway's polls.
      dispatcher.setMaxRequests(MAX_REQUESTS);
      dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
      SEND_LANE = new Dispatcher(executor);
      SEND_LANE.setMaxRequests(MAX_REQUESTS);
      SEND_LANE.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
      INSTANCE = new OkHttpClient.Builder()
          .dispatcher(dispatcher)
          // OkHttp keeps 5 idle connections by default: with 64 calls running per host, the rest were
          // closed whenever they fell idle and opened again a moment later (at a vendor, a TLS
          // handshake each time). Measured in benchmarks: +26 % status polls per second.
          .connectionPool(new ConnectionPool(MAX_REQUESTS_PER_HOST, 5, TimeUnit.MINUTES))
          .build();
    }
  }

  /** Builds a {@link VendorHttp}. Not thread-safe. */
  public static final class Builder {
    private final String vendor;
    private @Nullable ApiKey apiKey;
    private boolean allowPrivateNetworks;
    private @Nullable String baseUrl;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private long maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
    private @Nullable OkHttpClient client;
    private Clock clock = Clock.systemUTC();
    private @Nullable Supplier<String> bearerTokens;
    private final List<Object> jsonAdapters = new ArrayList<>();

    private Builder(String vendor) {
      this.vendor = Objects.requireNonNull(vendor, "vendor == null");
    }

    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /**
     * The vendor's base URL: https, or plain http to a loopback host; an address in a private network
     * only if {@link #allowPrivateNetworks} (checked when built).
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      BaseUrls.parse("baseUrl", baseUrl, true);
      return this;
    }

    /**
     * Whether the vendor may be reached at an address in a private network (10/8, 172.16/12,
     * 192.168/16, 100.64/10, link-local, unique-local), as a proxy of the application's own may be;
     * default false, so that no name or redirect leads a call into the application's network.
     */
    public Builder allowPrivateNetworks(boolean allow) {
      this.allowPrivateNetworks = allow;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Timeouts.requirePositive("connectTimeout", timeout);
      return this;
    }

    /** The longest wait for bytes while reading or writing. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Timeouts.requirePositive("readTimeout", timeout);
      return this;
    }

    /** The longest a whole call may take, from connecting to the last byte of the answer. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Timeouts.requirePositive("requestTimeout", timeout);
      return this;
    }

    /**
     * The largest answer read; a larger one fails as unreadable without being read into memory.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder maxAnswerBytes(long maxAnswerBytes) {
      this.maxAnswerBytes = AnswerSizeLimit.requirePositive(maxAnswerBytes);
      return this;
    }

    /**
     * Another OkHttp client to derive from (its pool and dispatcher are kept). Its one dispatcher
     * queues reads and sends together: give it per-host room for the submits beside the polls, or the
     * shared client's two lanes are lost.
     */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The clock that dates a vendor's {@code Retry-After}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Where the token sent as {@code Authorization: Bearer <token>} comes from, asked on every call,
     * instead of the API key: for a vendor that takes a short-lived token made from its keys (Kling's
     * JWT). The supplier decides when to make a new token; it must be fast and thread-safe, and its
     * tokens are secrets like the key. Without it, the API key is sent.
     */
    public Builder bearerTokens(Supplier<String> tokens) {
      this.bearerTokens = Objects.requireNonNull(tokens, "tokens == null");
      return this;
    }

    /** Adds a Moshi adapter (an object with {@code @FromJson}/{@code @ToJson} methods, or a factory). */
    public Builder jsonAdapter(Object adapter) {
      jsonAdapters.add(Objects.requireNonNull(adapter, "adapter == null"));
      return this;
    }

    public VendorHttp build() {
      if (apiKey == null) {
        throw new IllegalStateException("API key required.");
      }
      if (baseUrl == null) {
        throw new IllegalStateException("Base URL required.");
      }
      return new VendorHttp(this, BaseUrls.parse("baseUrl", baseUrl, allowPrivateNetworks), apiKey);
    }
  }
}

package dev.lipsync.support;

import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The settings every adapter's provider builder takes, checked the same way for all vendors: the API
 * key, the base URL, the three timeouts, the answer size cap, the price, an OkHttp client to share, the clock
 * and the scheduler. An
 * adapter's builder extends it and adds only what is its own; its provider, a {@link VendorProvider},
 * takes the settings from it:
 *
 * <pre>{@code
 * public static final class Builder extends VendorBuilder<Builder> {
 *   private Builder() {
 *     super(PROFILE, Pricing.unknown());
 *   }
 *
 *   @Override
 *   protected Builder self() {
 *     return this;
 *   }
 *
 *   public AcmeProvider build() {
 *     return new AcmeProvider(this);
 *   }
 * }
 * }</pre>
 *
 * {@link #fromEnvironment(Map)} reads the key and base URL from the variables the vendor's {@link
 * VendorProfile} names, so each adapter's {@code fromEnvironment} is one line.
 *
 * Each setter checks its value at once and returns the adapter's builder, so calls chain without casts.
 * Not thread-safe, like every builder: configure and build it on one thread.
 *
 * @param <B> the adapter's builder
 */
public abstract class VendorBuilder<B extends VendorBuilder<B>> {
  private final VendorProfile profile;
  private @Nullable ApiKey apiKey;
  private String baseUrl;
  private Duration connectTimeout = VendorHttp.DEFAULT_CONNECT_TIMEOUT;
  private Duration readTimeout = VendorHttp.DEFAULT_READ_TIMEOUT;
  private Duration requestTimeout = VendorHttp.DEFAULT_REQUEST_TIMEOUT;
  private long maxAnswerBytes = VendorHttp.DEFAULT_MAX_ANSWER_BYTES;
  private boolean allowPrivateNetworks;
  private Pricing pricing;
  private @Nullable OkHttpClient client;
  private Clock clock = Clock.systemUTC();
  private @Nullable TaskScheduler scheduler;
  private @Nullable Supplier<String> bearerTokens;

  /**
   * Starts with the vendor's defaults.
   *
   * @param profile the vendor: its id, its own base URL (used unless {@link #baseUrl} gives another)
   *     and its environment variables
   * @param defaultPricing the vendor's published price, or {@link Pricing#unknown()}
   */
  protected VendorBuilder(VendorProfile profile, Pricing defaultPricing) {
    this.profile = Objects.requireNonNull(profile, "profile == null");
    this.baseUrl = profile.defaultBaseUrl();
    this.pricing = Objects.requireNonNull(defaultPricing, "defaultPricing == null");
  }

  /** This builder as its own type, for the setters to return. */
  protected abstract B self();

  /**
   * The API key, sent as {@code Authorization: Bearer <key>} and shown nowhere else. Required.
   *
   * @throws IllegalArgumentException if it is blank or holds whitespace (the message never shows it)
   */
  public final B apiKey(String apiKey) {
    this.apiKey = ApiKey.of(apiKey);
    return self();
  }

  /**
   * Another base URL than the vendor's own, e.g. a proxy or a simulator. An address in a private
   * network is taken only with {@link #allowPrivateNetworks} (checked when built).
   *
   * @throws IllegalArgumentException unless it is https, or plain http to a loopback host
   */
  public final B baseUrl(String baseUrl) {
    this.baseUrl = checkedBaseUrl(baseUrl);
    return self();
  }

  /**
   * Whether the vendor may be reached at an address in a private network (10/8, 172.16/12,
   * 192.168/16, 100.64/10, link-local, unique-local), as a proxy of the application's own may be; by
   * default it may not, so that no name or redirect leads a call into the application's network.
   * Loopback is always allowed.
   */
  public final B allowPrivateNetworks(boolean allow) {
    this.allowPrivateNetworks = allow;
    return self();
  }

  /**
   * The longest wait to connect; default 10 s.
   *
   * @throws IllegalArgumentException if it is not positive
   */
  public final B connectTimeout(Duration timeout) {
    this.connectTimeout = Timeouts.requirePositive("connectTimeout", timeout);
    return self();
  }

  /**
   * The longest wait for bytes while reading or writing; default 30 s.
   *
   * @throws IllegalArgumentException if it is not positive
   */
  public final B readTimeout(Duration timeout) {
    this.readTimeout = Timeouts.requirePositive("readTimeout", timeout);
    return self();
  }

  /**
   * The longest one HTTP call may take from start to end; default 60 s.
   *
   * @throws IllegalArgumentException if it is not positive
   */
  public final B requestTimeout(Duration timeout) {
    this.requestTimeout = Timeouts.requirePositive("requestTimeout", timeout);
    return self();
  }

  /**
   * The largest answer read from the vendor; default 1 MiB. A larger one fails with a protocol error
   * (an unknown outcome for a submit) without being read into memory.
   *
   * @throws IllegalArgumentException if it is not positive
   */
  public final B maxAnswerBytes(long maxAnswerBytes) {
    this.maxAnswerBytes = AnswerSizeLimit.requirePositive(maxAnswerBytes);
    return self();
  }

  /** The price to estimate costs with, e.g. your plan's or a negotiated rate. */
  public final B pricing(Pricing pricing) {
    this.pricing = Objects.requireNonNull(pricing, "pricing == null");
    return self();
  }

  /** An OkHttp client to derive from (its connection pool and dispatcher are shared); optional. */
  public final B client(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
    return self();
  }

  /** The clock that dates a vendor's {@code Retry-After} given as a date; the system clock by default. */
  public final B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    return self();
  }

  /**
   * The scheduler on which the provider polls the steps its vendor runs as tasks of their own
   * (apimodels' identification, Kling's text to speech), so that no thread waits between polls; by
   * default one daemon {@link SystemScheduler} that every provider shares. Tests pass a {@link
   * dev.lipsync.core.tracking.ManualScheduler} and move its time themselves.
   */
  public final B scheduler(TaskScheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    return self();
  }

  /**
   * This builder with the API key and, if set, the base URL from {@code env}, under the variable names
   * of the vendor's {@link VendorProfile}; both are stripped of surrounding white space, and a blank
   * base URL counts as unset.
   *
   * @return empty when the key variable is unset or blank: the vendor is not configured
   * @throws IllegalArgumentException if the key or the base URL is malformed (the message never shows
   *     the key)
   */
  public final Optional<B> fromEnvironment(Map<String, String> env) {
    Optional<VendorEnvironment> found =
        VendorEnvironment.read(env, profile.keyVariable(), profile.baseUrlVariable());
    found.ifPresent(vendor -> {
      apiKey(vendor.apiKey());
      baseUrl(vendor.baseUrlOr(baseUrl));
    });
    return found.map(vendor -> self());
  }

  /**
   * For an adapter whose vendor takes a token made from its keys rather than the key itself: the
   * source of the token sent as {@code Authorization: Bearer <token>} (see {@link
   * VendorHttp.Builder#bearerTokens}). Call it before the provider is built.
   */
  protected final void bearerTokens(Supplier<String> tokens) {
    this.bearerTokens = Objects.requireNonNull(tokens, "tokens == null");
  }

  /**
   * For an adapter whose vendor's credentials hold another secret beside the key (Kling's secret key):
   * masks it wherever the key is masked. Call it after the key is given and before the provider is built.
   *
   * @throws IllegalStateException {@code "API key required."} if no API key was given
   * @throws IllegalArgumentException if {@code secret} is blank
   */
  protected final void alsoMask(String secret) {
    this.apiKey = apiKey().alsoMasking(secret);
  }

  /** The vendor this builder configures. */
  protected final VendorProfile profile() {
    return profile;
  }

  /**
   * The API key given.
   *
   * @throws IllegalStateException {@code "API key required."} if none was given
   */
  protected final ApiKey apiKey() {
    ApiKey key = apiKey;
    if (key == null) {
      throw new IllegalStateException("API key required.");
    }
    return key;
  }

  /**
   * The API key's value, for an adapter that makes its vendor's token from it (Kling's JWT names the
   * access key as its issuer): to sign with, never to show.
   *
   * @throws IllegalStateException {@code "API key required."} if none was given
   */
  protected final String apiKeyValue() {
    return apiKey().value();
  }

  /** The price given, or the vendor's default. */
  protected final Pricing pricing() {
    return pricing;
  }

  /** The clock given, or the system clock. */
  protected final Clock clock() {
    return clock;
  }

  /** The scheduler given, or the one every provider without its own shares. */
  protected final TaskScheduler scheduler() {
    TaskScheduler given = scheduler;
    return given != null ? given : SharedScheduler.INSTANCE;
  }

  /** The shared scheduler, started only when a provider without its own first asks for it. */
  private static final class SharedScheduler {
    static final SystemScheduler INSTANCE = new SystemScheduler();
  }

  /**
   * A new HTTP client for the vendor with these settings; its errors name the vendor.
   *
   * @param jsonAdapters Moshi adapters the vendor's DTOs need, as {@link VendorHttp.Builder#jsonAdapter}
   *     takes them
   * @throws IllegalStateException {@code "API key required."} if no API key was given
   */
  protected final VendorHttp http(Object... jsonAdapters) {
    VendorHttp.Builder http = VendorHttp.builder(profile.id())
        .apiKey(apiKey())
        .baseUrl(baseUrl)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .requestTimeout(requestTimeout)
        .maxAnswerBytes(maxAnswerBytes)
        .allowPrivateNetworks(allowPrivateNetworks)
        .clock(clock);
    OkHttpClient shared = client;
    if (shared != null) {
      http.client(shared);
    }
    Supplier<String> tokens = bearerTokens;
    if (tokens != null) {
      http.bearerTokens(tokens);
    }
    for (Object adapter : jsonAdapters) {
      http.jsonAdapter(adapter);
    }
    return http.build();
  }

  /**
   * How many faces Kling, upstream of every vendor that forwards its {@code face_choose}, lip-syncs in
   * one task: one, for now ("currently only supports one person lip-sync"). Such a vendor's default.
   */
  public static final int KLING_FACES_PER_TASK = 1;

  /**
   * The check of a vendor's {@code maxFacesPerTask} setting, for the adapters whose vendor takes several
   * faces in one request: {@link #KLING_FACES_PER_TASK} is their default, and the setting lifts it when
   * a vendor does.
   *
   * @throws IllegalArgumentException if {@code faces} is less than 1
   */
  protected static int checkedMaxFacesPerTask(int faces) {
    if (faces < 1) {
      throw new IllegalArgumentException("maxFacesPerTask: " + faces + " must be at least 1");
    }
    return faces;
  }

  /** The same check {@link VendorHttp.Builder#baseUrl} makes, made here so a refused URL is not kept. */
  private static String checkedBaseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    BaseUrls.parse("baseUrl", baseUrl, true);
    return baseUrl;
  }
}

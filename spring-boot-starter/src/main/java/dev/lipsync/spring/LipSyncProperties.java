package dev.lipsync.spring;

import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.support.BaseUrls;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's settings under {@code lipsync.*}: which vendors, in what order and at what price, how
 * jobs are routed, retried and polled. Every setter checks its value as the library's builders do, so
 * a bad value fails the application's start naming the property, the value and the rule; settings
 * that hold only together (a poll schedule's delays) are checked when the gateway is made.
 *
 * <pre>
 * lipsync.strategy=cheapest
 * lipsync.vendors.cometapi.api-key=${COMETAPI_KEY}
 * lipsync.vendors.kling.api-key=${KLING_ACCESS_KEY}
 * lipsync.vendors.kling.secret-key=${KLING_SECRET_KEY}
 * lipsync.vendors.kling.price.five-seconds-usd=0.05
 * lipsync.resilience.max-attempts=4
 * </pre>
 *
 * A key may also come from the vendor's usual environment variable ({@code COMETAPI_KEY}, {@code
 * APIMODELS_KEY}, {@code ALAD_KEY}, {@code KLING_ACCESS_KEY} with {@code KLING_SECRET_KEY}), and a base
 * URL from its {@code *_BASE_URL} variable; the property wins where both are set.
 */
@ConfigurationProperties(prefix = LipSyncProperties.PREFIX)
public class LipSyncProperties {
  /** The prefix of every property. */
  public static final String PREFIX = "lipsync";

  /** Whether the starter makes the gateway; false leaves lip-sync out of the application. */
  private boolean enabled = true;

  /**
   * How a job picks among the vendors that can serve it: "priority" (the vendors' priority, lowest
   * first), "cheapest" (by the vendors' prices) or "weighted-random" (by their weight).
   */
  private RoutingStrategy strategy = RoutingStrategy.PRIORITY;

  /** How long a job may take, from its start to its video, when it sets no timeout of its own. */
  private Duration defaultTimeout = Duration.ofMinutes(30);

  /** When a submitted task's status is asked, until a callback or a poll finds it ended. */
  private final Poll poll = new Poll();

  /** Retries, circuit breaking, timeouts and limits of every vendor call. */
  private final Resilience resilience = new Resilience();

  /** The vendors: each configured where its adapter is on the class path and its key is set. */
  private final Vendors vendors = new Vendors();

  /** Where the gateway keeps its jobs: in memory, or in the application's database. */
  private final Store store = new Store();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public RoutingStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(RoutingStrategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
  }

  public Duration getDefaultTimeout() {
    return defaultTimeout;
  }

  public void setDefaultTimeout(Duration defaultTimeout) {
    this.defaultTimeout = Checks.positive(defaultTimeout);
  }

  public Poll getPoll() {
    return poll;
  }

  public Resilience getResilience() {
    return resilience;
  }

  public Vendors getVendors() {
    return vendors;
  }

  public Store getStore() {
    return store;
  }

  /**
   * Where jobs are kept. In memory by default: a job in flight is lost with the process, though its
   * task's reference is in the exception the context's shutdown ends it with. With {@code data-source},
   * in the application's database (SQLite or PostgreSQL, through lipsync-store-jdbc and its own
   * migrations): a restart, or another instance on the same database, carries every job on.
   */
  public static class Store {
    /**
     * Whether the gateway keeps its jobs in the application's DataSource (needs lipsync-store-jdbc on
     * the class path; the start fails if the application has no DataSource).
     */
    private boolean dataSource = false;

    /** This instance's name among those sharing the database; by default host, process and a random part. */
    private @Nullable String instanceId;

    /** How long this instance's hold on a job lasts unless renewed; another instance takes the job over after it. */
    private Duration leaseDuration = Duration.ofSeconds(30);

    /** Whether this instance takes over unfinished jobs whose holder stopped, at start and then continuously. */
    private boolean recoverJobs = true;

    public boolean isDataSource() {
      return dataSource;
    }

    public void setDataSource(boolean dataSource) {
      this.dataSource = dataSource;
    }

    public @Nullable String getInstanceId() {
      return instanceId;
    }

    public void setInstanceId(@Nullable String instanceId) {
      if (instanceId != null) {
        LipSyncGateway.builder().instanceId(instanceId);
      }
      this.instanceId = instanceId;
    }

    public Duration getLeaseDuration() {
      return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
      LipSyncGateway.builder().leaseDuration(leaseDuration);
      this.leaseDuration = leaseDuration;
    }

    public boolean isRecoverJobs() {
      return recoverJobs;
    }

    public void setRecoverJobs(boolean recoverJobs) {
      this.recoverJobs = recoverJobs;
    }
  }

  /** A task's status polls: the first after {@code first-delay}, each later one {@code factor} times longer, at most {@code max-delay}. */
  public static class Poll {
    // Literal defaults, which IDEs show from the generated metadata; a test holds them to PollSchedule.defaults().
    /** How long after the submit the status is first asked. */
    private Duration firstDelay = Duration.ofSeconds(5);

    /** How much longer each wait is than the one before; at least 1. */
    private double factor = 1.5;

    /** The longest wait between two polls; at least the first delay. */
    private Duration maxDelay = Duration.ofSeconds(30);

    /** The largest fraction by which a wait is shortened at random, from 0 to below 1. */
    private double jitter = 0.2;

    /**
     * Whether polls are placed where the vendor's tasks of the job's audio length have been ending
     * (learnt from earlier tasks, kept in the job store), the schedule above only until enough is known
     * and as the safety net after the expected end; false keeps the schedule alone.
     */
    private boolean learnDurations = true;

    public Duration getFirstDelay() {
      return firstDelay;
    }

    public void setFirstDelay(Duration firstDelay) {
      this.firstDelay = Checks.notNegative(firstDelay);
    }

    public double getFactor() {
      return factor;
    }

    public void setFactor(double factor) {
      if (!(factor >= 1)) {
        throw new IllegalArgumentException(factor + " must be at least 1");
      }
      this.factor = factor;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = Checks.positive(maxDelay);
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException(jitter + " must be from 0 to below 1");
      }
      this.jitter = jitter;
    }

    public boolean isLearnDurations() {
      return learnDurations;
    }

    public void setLearnDurations(boolean learnDurations) {
      this.learnDurations = learnDurations;
    }

    /**
     * The schedule.
     *
     * @throws IllegalArgumentException if {@code max-delay} is shorter than {@code first-delay}
     */
    PollSchedule schedule() {
      if (maxDelay.compareTo(firstDelay) < 0) {
        throw new IllegalArgumentException(PREFIX + ".poll.max-delay (" + maxDelay
            + ") is shorter than " + PREFIX + ".poll.first-delay (" + firstDelay + ")");
      }
      return new PollSchedule(firstDelay, factor, maxDelay, jitter);
    }
  }

  /**
   * How every vendor call is guarded (see {@link ResilienceSettings}); each value is checked by the
   * library's own rule for it.
   */
  public static class Resilience {
    // Literal defaults, which IDEs show from the generated metadata; a test holds them to ResilienceSettings.defaults().
    /** How many times a call is made before its failure counts, 1 for no retry. */
    private int maxAttempts = 3;

    /** The wait before the first retry; it doubles with each retry. */
    private Duration firstBackoff = Duration.ofSeconds(1);

    /** The longest wait between retries. */
    private Duration maxBackoff = Duration.ofSeconds(30);

    /** The largest fraction by which a retry's wait is changed at random, from 0 to below 1. */
    private double jitter = 0.2;

    /** How many failures in a row open a vendor's circuit, so that the next jobs go elsewhere. */
    private int breakerFailureThreshold = 5;

    /** How long an open circuit stays open before a trial call. */
    private Duration breakerDelay = Duration.ofSeconds(30);

    /** The longest one vendor call may take, retries included. */
    private Duration callTimeout = Duration.ofMinutes(5);

    /** The most calls per second to one vendor; 0 for no limit. */
    private double requestsPerSecond = 0;

    /** Whether a vendor that cannot be reached is tried again rather than left for the next one. */
    private boolean retryUnreachable = false;

    /**
     * The most tasks one vendor runs at once for this gateway (a job past it waits in order); 0 for no
     * limit. A vendor's own max-tasks-in-flight overrides it.
     */
    private int maxTasksInFlight = 0;

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      ResilienceSettings.builder().maxAttempts(maxAttempts);
      this.maxAttempts = maxAttempts;
    }

    public Duration getFirstBackoff() {
      return firstBackoff;
    }

    public void setFirstBackoff(Duration firstBackoff) {
      ResilienceSettings.builder().firstBackoff(firstBackoff);
      this.firstBackoff = firstBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      ResilienceSettings.builder().maxBackoff(maxBackoff);
      this.maxBackoff = maxBackoff;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      ResilienceSettings.builder().jitter(jitter);
      this.jitter = jitter;
    }

    public int getBreakerFailureThreshold() {
      return breakerFailureThreshold;
    }

    public void setBreakerFailureThreshold(int breakerFailureThreshold) {
      ResilienceSettings.builder().breakerFailureThreshold(breakerFailureThreshold);
      this.breakerFailureThreshold = breakerFailureThreshold;
    }

    public Duration getBreakerDelay() {
      return breakerDelay;
    }

    public void setBreakerDelay(Duration breakerDelay) {
      ResilienceSettings.builder().breakerDelay(breakerDelay);
      this.breakerDelay = breakerDelay;
    }

    public Duration getCallTimeout() {
      return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
      ResilienceSettings.builder().callTimeout(callTimeout);
      this.callTimeout = callTimeout;
    }

    public double getRequestsPerSecond() {
      return requestsPerSecond;
    }

    public void setRequestsPerSecond(double requestsPerSecond) {
      ResilienceSettings.builder().requestsPerSecond(requestsPerSecond);
      this.requestsPerSecond = requestsPerSecond;
    }

    public boolean isRetryUnreachable() {
      return retryUnreachable;
    }

    public void setRetryUnreachable(boolean retryUnreachable) {
      this.retryUnreachable = retryUnreachable;
    }

    public int getMaxTasksInFlight() {
      return maxTasksInFlight;
    }

    public void setMaxTasksInFlight(int maxTasksInFlight) {
      ResilienceSettings.builder().maxTasksInFlight(maxTasksInFlight);
      this.maxTasksInFlight = maxTasksInFlight;
    }

    /**
     * The settings, with {@code maxTasksInFlight} where a vendor sets its own.
     *
     * @throws IllegalArgumentException if {@code max-backoff} is shorter than {@code first-backoff}
     */
    ResilienceSettings settings(@Nullable Integer vendorMaxTasksInFlight) {
      try {
        return new ResilienceSettings(maxAttempts, firstBackoff, maxBackoff, jitter, breakerFailureThreshold,
            breakerDelay, callTimeout, requestsPerSecond, retryUnreachable,
            vendorMaxTasksInFlight != null ? vendorMaxTasksInFlight : maxTasksInFlight);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PREFIX + ".resilience: " + e.getMessage(), e);
      }
    }
  }

  /** The four vendors the library knows; each is configured only where its adapter is on the class path and its key is set. */
  public static class Vendors {
    /** CometAPI (adapter lipsync-adapter-cometapi); its key also from COMETAPI_KEY. */
    private final Vendor cometapi = Vendor.atPriority(new Vendor(), 0);

    /** apimodels.app (adapter lipsync-adapter-apimodels); its key also from APIMODELS_KEY. */
    private final ApiModels apimodels = Vendor.atPriority(new ApiModels(), 1);

    /** alad (adapter lipsync-adapter-alad); its key also from ALAD_KEY. */
    private final Vendor alad = Vendor.atPriority(new Vendor(), 2);

    /**
     * Kling's own API (adapter lipsync-adapter-kling); its api-key is the access key, also from
     * KLING_ACCESS_KEY, beside the secret-key.
     */
    private final Kling kling = Vendor.atPriority(new Kling(), 3);

    public Vendor getCometapi() {
      return cometapi;
    }

    public ApiModels getApimodels() {
      return apimodels;
    }

    public Vendor getAlad() {
      return alad;
    }

    public Kling getKling() {
      return kling;
    }

    /** Each vendor's settings by its id. */
    Map<String, Vendor> byId() {
      Map<String, Vendor> byId = new LinkedHashMap<>();
      byId.put("cometapi", cometapi);
      byId.put("apimodels", apimodels);
      byId.put("alad", alad);
      byId.put("kling", kling);
      return byId;
    }
  }

  /** One vendor's settings. */
  public static class Vendor {
    /** The vendor's API key (Kling's access key). Never logged or shown. */
    private @Nullable String apiKey;

    /** Another base URL than the vendor's own (a proxy): https, or plain http to a loopback host. */
    private @Nullable String baseUrl;

    /** Whether the base URL may be an address in a private network, as a proxy of your own may be. */
    private boolean allowPrivateNetworks;

    /**
     * Where the vendor stands under the priority strategy, lowest first; by default cometapi 0,
     * apimodels 1, alad 2, kling 3.
     */
    private int priority;

    /** The vendor's share of jobs under the weighted-random strategy; more than 0. */
    private double weight = 1;

    /** The longest one HTTP call to the vendor may take; the library's default when unset. */
    private @Nullable Duration requestTimeout;

    /** The most tasks this vendor runs at once for this gateway; unset takes lipsync.resilience.max-tasks-in-flight. */
    private @Nullable Integer maxTasksInFlight;

    /** What the vendor charges, for estimates and the cheapest strategy; the vendor's published price where unset. */
    private final Price price = new Price();

    /** {@code vendor} at its default place under the priority strategy. */
    static <V extends Vendor> V atPriority(V vendor, int priority) {
      vendor.setPriority(priority);
      return vendor;
    }

    public @Nullable String getApiKey() {
      return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
    }

    public @Nullable String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(@Nullable String baseUrl) {
      if (baseUrl != null && !baseUrl.isBlank()) {
        // The adapters' own rule, checked at once; private addresses are judged when the vendor is made.
        BaseUrls.parse("base URL", baseUrl, true);
      }
      this.baseUrl = baseUrl;
    }

    public boolean isAllowPrivateNetworks() {
      return allowPrivateNetworks;
    }

    public void setAllowPrivateNetworks(boolean allowPrivateNetworks) {
      this.allowPrivateNetworks = allowPrivateNetworks;
    }

    public int getPriority() {
      return priority;
    }

    public void setPriority(int priority) {
      this.priority = priority;
    }

    public double getWeight() {
      return weight;
    }

    public void setWeight(double weight) {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(weight + " must be a finite number above 0");
      }
      this.weight = weight;
    }

    public @Nullable Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(@Nullable Duration requestTimeout) {
      this.requestTimeout = requestTimeout == null ? null : Checks.positive(requestTimeout);
    }

    public @Nullable Integer getMaxTasksInFlight() {
      return maxTasksInFlight;
    }

    public void setMaxTasksInFlight(@Nullable Integer maxTasksInFlight) {
      if (maxTasksInFlight != null) {
        ResilienceSettings.builder().maxTasksInFlight(maxTasksInFlight);
      }
      this.maxTasksInFlight = maxTasksInFlight;
    }

    public Price getPrice() {
      return price;
    }
  }

  /** apimodels' settings: a vendor's, and which of its API variants it speaks. */
  public static class ApiModels extends Vendor {
    /**
     * The API variant: "standard" (its English and Chinese pages, the default) or "localized" (its ru
     * page); also from APIMODELS_VARIANT.
     */
    private @Nullable String variant;

    public @Nullable String getVariant() {
      return variant;
    }

    public void setVariant(@Nullable String variant) {
      this.variant = variant;
    }
  }

  /** Kling's settings: a vendor's, with the secret key that signs its tokens and the price of its units. */
  public static class Kling extends Vendor {
    /** The secret key that signs Kling's tokens (at least 32 bytes), also from KLING_SECRET_KEY. Never sent, logged or shown. */
    private @Nullable String secretKey;

    /** What one of Kling's units costs in dollars, to turn the units it bills into dollars. */
    private @Nullable BigDecimal unitPriceUsd;

    public @Nullable String getSecretKey() {
      return secretKey;
    }

    public void setSecretKey(@Nullable String secretKey) {
      this.secretKey = secretKey;
    }

    public @Nullable BigDecimal getUnitPriceUsd() {
      return unitPriceUsd;
    }

    public void setUnitPriceUsd(@Nullable BigDecimal unitPriceUsd) {
      this.unitPriceUsd = unitPriceUsd == null ? null : Checks.notNegative(unitPriceUsd);
    }
  }

  /** A vendor's prices in dollars; each unset one keeps the vendor's published price, if any. */
  public static class Price {
    /** The price of one face identification. */
    private @Nullable BigDecimal identifyUsd;

    /** The price of five seconds of lip-sync (a started five seconds counts whole). */
    private @Nullable BigDecimal fiveSecondsUsd;

    /** The price of one text spoken by the vendor's text to speech before the lip-sync (Kling). */
    private @Nullable BigDecimal speechUsd;

    public @Nullable BigDecimal getIdentifyUsd() {
      return identifyUsd;
    }

    public void setIdentifyUsd(@Nullable BigDecimal identifyUsd) {
      this.identifyUsd = identifyUsd == null ? null : Checks.notNegative(identifyUsd);
    }

    public @Nullable BigDecimal getFiveSecondsUsd() {
      return fiveSecondsUsd;
    }

    public void setFiveSecondsUsd(@Nullable BigDecimal fiveSecondsUsd) {
      this.fiveSecondsUsd = fiveSecondsUsd == null ? null : Checks.notNegative(fiveSecondsUsd);
    }

    public @Nullable BigDecimal getSpeechUsd() {
      return speechUsd;
    }

    public void setSpeechUsd(@Nullable BigDecimal speechUsd) {
      this.speechUsd = speechUsd == null ? null : Checks.notNegative(speechUsd);
    }

    /** Whether any price is set. */
    boolean isSet() {
      return identifyUsd != null || fiveSecondsUsd != null || speechUsd != null;
    }

    /** These prices over {@code published}: each one set here replaces the published one. */
    Pricing over(Pricing published) {
      return new Pricing(identifyUsd != null ? identifyUsd : published.perIdentifyUsd(),
          fiveSecondsUsd != null ? fiveSecondsUsd : published.perFiveSecondsUsd(),
          speechUsd != null ? speechUsd : published.perSpeechUsd());
    }
  }

  // ---- callbacks (lipsync.callbacks.*) ---------------------------------------------------------

  /** Vendors' callbacks on the application's own web server (Spring MVC). */
  private final Callbacks callbacks = new Callbacks();

  public Callbacks getCallbacks() {
    return callbacks;
  }

  /**
   * Vendors' callbacks on the application's own web server: {@code POST <path>/<vendor>/<token>}, where
   * each vendor's token is derived from {@code secret}. With {@code public-url} set, a job without a
   * callback URL of its own gives each vendor {@code <public-url><path>/<vendor>/<token>}.
   */
  public static class Callbacks {
    /** Where vendors post, under the application's web server: one path segment or more, no trailing slash. */
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_~.-]+)+");
    private static final DataSize MAX_BODY_SIZE =
        DataSize.ofBytes(LipSyncGateway.MAX_CALLBACK_CHARS);

    /** Whether the application's web server takes vendors' callbacks (where it runs Spring MVC and a gateway exists). */
    private boolean enabled = true;

    /** The path under which vendors post, before /<vendor>/<token>. */
    private String path = "/lipsync/callbacks";

    /**
     * The URL at which vendors reach this application's web server (with its servlet context path, if
     * any), e.g. https://hooks.example.com: https, or plain http to a loopback host. Unset: jobs get no
     * callback URL unless they carry their own.
     */
    private @Nullable String publicUrl;

    /**
     * The master secret each vendor's token is derived from: at least 32 characters of A-Z, a-z, 0-9, '-'
     * and '_'. A secret: never logged or shown. Unset: a random one per start, so callback URLs change at
     * each restart.
     */
    private @Nullable String secret;

    /** The largest callback body taken; larger ones get 413 unread. At most 64KB, the most the gateway reads. */
    private DataSize maxBodySize = DataSize.ofKilobytes(64);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      Objects.requireNonNull(path, "path");
      if (!PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../")
          || path.endsWith("/.") || path.endsWith("/..")) {
        throw new IllegalArgumentException("\"" + path + "\" must be a path such as /lipsync/callbacks: '/' and"
            + " segments of A-Z, a-z, 0-9, '-', '_', '.' and '~', without a trailing slash");
      }
      this.path = path;
    }

    public @Nullable String getPublicUrl() {
      return publicUrl;
    }

    public void setPublicUrl(@Nullable String publicUrl) {
      if (publicUrl != null && !publicUrl.isBlank()) {
        // The adapters' rule for a URL that carries a secret: https, or plain http to a loopback host.
        BaseUrls.parse("public URL", publicUrl, true);
      }
      this.publicUrl = publicUrl;
    }

    public @Nullable String getSecret() {
      return secret;
    }

    /** Checked when the callbacks are set up, where the message can leave the secret out (a binder's would show it). */
    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      Objects.requireNonNull(maxBodySize, "maxBodySize");
      if (maxBodySize.toBytes() < 1 || maxBodySize.compareTo(MAX_BODY_SIZE) > 0) {
        throw new IllegalArgumentException(maxBodySize + " must be from 1B to " + MAX_BODY_SIZE
            + ", the most the gateway reads of a callback");
      }
      this.maxBodySize = maxBodySize;
    }
  }

  /** The rules single values break; Boot's binder adds the property's name and value to the message. */
  private static final class Checks {
    private Checks() {}

    static Duration positive(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(value + " must be positive");
      }
      return value;
    }

    static Duration notNegative(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative()) {
        throw new IllegalArgumentException(value + " must not be negative");
      }
      return value;
    }

    static BigDecimal notNegative(BigDecimal value) {
      if (value.signum() < 0) {
        throw new IllegalArgumentException(value.toPlainString() + " must not be negative");
      }
      return value;
    }
  }
}

package dev.lipsync.apimodels;

import com.squareup.moshi.JsonAdapter;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.support.CallbackBodies;
import dev.lipsync.support.Lazily;
import dev.lipsync.support.Timeouts;
import dev.lipsync.support.VendorBuilder;
import dev.lipsync.support.VendorCalls;
import dev.lipsync.support.VendorProfile;
import dev.lipsync.support.VendorProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Kling advanced lip-sync at <a href="https://apimodels.app">apimodels.app</a>.
 *
 * <p>apimodels runs every step as an asynchronous task behind one endpoint, {@code POST
 * /api/v1/audio/generations}, chosen by its {@code model} field, and answers status queries at {@code
 * GET /api/v1/audio/generations?task_id=...}. That is the {@linkplain Variant#STANDARD standard} variant
 * of its API, the default; a localized copy of its docs documents {@linkplain Variant#LOCALIZED another}
 * (another path, other model names, camelCase fields, other prices), chosen with {@link
 * Builder#variant(Variant)} or {@value #VARIANT_VARIABLE}. Face identification is such a task too: {@link
 * #identifyFaces} creates it and polls it on the {@linkplain Builder#scheduler(TaskScheduler)
 * scheduler} (never on a waiting thread) until it completes, so to a caller it is one asynchronous
 * call like at any other vendor.
 *
 * <pre>{@code
 * LipSyncProvider apimodels = ApiModelsProvider.builder()
 *     .apiKey(System.getenv("APIMODELS_KEY"))
 *     .build();
 * FaceSession session = apimodels.identifyFaces(VideoSource.url("https://example.com/v.mp4")).join();
 * }</pre>
 *
 * <p>What it serves ({@link #capabilities()}): a video by URL; audio by URL only; one of the session's
 * faces per task (Kling's limit, which apimodels forwards to; {@link Builder#maxFacesPerTask} lifts
 * it); the audio clip, its insert time and both volumes; callbacks. It takes no
 * idempotency key, and speaks no text.
 *
 * <p>Thread-safe and immutable; one instance serves any number of tasks.
 */
public final class ApiModelsProvider extends VendorProvider {
  /** The vendor's id: {@value}. */
  public static final String ID = ApiModelsMapper.VENDOR;
  /** The environment variable holding the API key. */
  public static final String KEY_VARIABLE = "APIMODELS_KEY";
  /** The environment variable that may override the base URL. */
  public static final String BASE_URL_VARIABLE = "APIMODELS_BASE_URL";
  /** The vendor's own base URL. */
  public static final String DEFAULT_BASE_URL = "https://apimodels.app";
  /** The environment variable that may choose the {@link Variant}: {@code standard} or {@code localized}. */
  public static final String VARIANT_VARIABLE = "APIMODELS_VARIANT";
  /**
   * The price the standard variant's pages publish, the default: $0.0007 per identification, $0.0063
   * per five seconds of lip-sync.
   */
  public static final Pricing DEFAULT_PRICING = Variant.STANDARD.pricing();
  /**
   * The price the localized variant's page publishes: $0.0100 per call, $0.0650 per five seconds of
   * lip-sync.
   */
  public static final Pricing LOCALIZED_PRICING = Variant.LOCALIZED.pricing();
  /**
   * How an identify task is polled by default: first after 2 s, growing by half, at most 10 s apart.
   * Identification is short, and a caller waits for it before anything else can happen.
   */
  public static final PollSchedule DEFAULT_IDENTIFY_POLL_SCHEDULE =
      new PollSchedule(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(10), 0.2);
  /** How long identification may take by default before it fails. */
  public static final Duration DEFAULT_IDENTIFY_TIMEOUT = Duration.ofMinutes(5);

  /**
   * How many faces one task dubs unless {@link Builder#maxFacesPerTask} says otherwise: one, since Kling,
   * to which the vendor forwards the request, says it currently lip-syncs one person per task.
   */
  public static final int DEFAULT_MAX_FACES_PER_TASK = VendorBuilder.KLING_FACES_PER_TASK;

  private static final VendorProfile PROFILE =
      new VendorProfile(ID, DEFAULT_BASE_URL, KEY_VARIABLE, BASE_URL_VARIABLE);

  /** Video by URL, audio by URL, up to {@code maxFacesPerTask} faces, clip, insert time, volumes, callbacks. */
  private static Capabilities capabilities(int maxFacesPerTask) {
    return Capabilities.builder()
        .mode(Capabilities.Mode.builder("advanced")
            // The page documents video_url only.
            .videos(VideoKind.URL)
            // Upstream's sound_file also takes Base64, but nothing of apimodels says it passes that on
            // (its localized docs call the field audioUrl): audio bytes go to a vendor that says so.
            .audio(AudioKind.URL)
            // "Multi-face support" on the page, but apimodels forwards face_choose to Kling as it is,
            // and Kling dubs one person per task.
            .maxFaces(maxFacesPerTask)
            .faceChoosing(Capabilities.FaceChoosing.BY_ID)
            // Sent beside face_id and the audio, under the variant's names (ApiModelsFields).
            .clipRequired(true)
            .insertTime(true)
            .volumes(true)
            .build())
        .callbacks(true)
        .idempotencyKeys(false)
        .findsTasksByIdempotencyKey(false)
        .cancels(false)
        .build();
  }

  /**
   * The variants of apimodels' API: its pages in different languages document different paths, model
   * names, field names and prices for the same lip-sync. Reading is the same for both (the adapter reads
   * every spelling either documents); they differ in what is written.
   */
  public enum Variant {
    /**
     * What apimodels' English and Chinese pages document, the default: {@code POST} and {@code GET
     * /api/v1/audio/generations}, the models {@code kling-identify-face} and {@code
     * kling-advanced-lip-sync}, and the lip-sync request in upstream Kling's snake case ({@code
     * session_id}, {@code face_choose[]} of {@code face_id}, {@code sound_file}, {@code
     * sound_start_time}, ...), since the pages name no fields. Published price: $0.0007 per
     * identification, $0.0063 per five seconds.
     */
    STANDARD(Pricing.of("0.0007", "0.0063")),
    /**
     * What apimodels' localized (ru) page documents: {@code POST} and {@code GET
     * /api/v1/video/generations}, the lip-sync model {@code kling-lip-sync-video}, and camelCase fields
     * ({@code sessionId}, {@code faceId}, {@code audioUrl}; the others, e.g. {@code faceChoose} and
     * {@code soundStartTime}, are the camelCase of the upstream names, as the page does not show them).
     * The page names no identify model, so identification keeps {@code kling-identify-face}. Its
     * text-to-speech model, {@code kling-lip-sync-tts}, is not used: the adapter speaks no text.
     * Published price: $0.0100 per call, $0.0650 per five seconds.
     */
    LOCALIZED(Pricing.of("0.0100", "0.0650"));

    private final Pricing pricing;

    Variant(Pricing pricing) {
      this.pricing = pricing;
    }

    /** The price this variant's pages publish, the provider's unless {@link Builder#pricing(Pricing)} sets one. */
    public Pricing pricing() {
      return pricing;
    }

    /** The name {@value ApiModelsProvider#VARIANT_VARIABLE} gives this variant: {@code standard}, ... */
    String environmentName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The variant {@code name} names ({@code standard} or {@code localized}), in any case and with
     * surrounding white space: how {@value ApiModelsProvider#VARIANT_VARIABLE}, or a setting of an
     * application's own, names a variant.
     *
     * @throws IllegalArgumentException naming the value and the values allowed; prefix it with where
     *     the value came from
     */
    public static Variant named(String name) {
      Objects.requireNonNull(name, "name == null");
      for (Variant variant : values()) {
        if (variant.environmentName().equalsIgnoreCase(name.strip())) {
          return variant;
        }
      }
      throw new IllegalArgumentException("\"" + name + "\" is not a variant of apimodels' API;"
          + " use " + Arrays.stream(values()).map(Variant::environmentName).collect(Collectors.joining(" or ")));
    }
  }

  private final Variant variant;
  private final ApiModelsEndpoint api;
  private final Identification identification;
  /** Made at the first callback: see {@link Lazily}. */
  private final Lazily<JsonAdapter<Envelope>> callbacks;

  private ApiModelsProvider(Builder builder) {
    super(builder, capabilities(builder.maxFacesPerTask), new ResultJsonAdapter(), new RequestJson(builder.variant));
    this.variant = builder.variant;
    this.api = new ApiModelsEndpoint(Lazily.of(() -> http().create(ApiModelsApi.class)), variant);
    this.identification = new Identification(
        api, apiKey(), scheduler(), builder.identifyPollSchedule, builder.identifyTimeout);
    this.callbacks = Lazily.of(() -> http().moshi().adapter(Envelope.class));
  }

  /** Starts a provider; an API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider configured from the process environment: {@value #KEY_VARIABLE} and, optionally,
   * {@value #BASE_URL_VARIABLE} and {@value #VARIANT_VARIABLE}.
   *
   * @return the provider, or empty when the key variable is unset or blank
   */
  public static Optional<ApiModelsProvider> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * A provider configured from {@code env}: {@value #KEY_VARIABLE} and, optionally, {@value
   * #BASE_URL_VARIABLE} and {@value #VARIANT_VARIABLE} ({@code standard}, the default, or {@code
   * localized}; see {@link Variant}).
   *
   * @return the provider, or empty when the key variable is unset or blank
   * @throws IllegalArgumentException if the base URL is not https (or http to a loopback host), or the
   *     variant is none of those named
   */
  public static Optional<ApiModelsProvider> fromEnvironment(Map<String, String> env) {
    return builder().fromEnvironment(env).map(builder -> builder.variantFromEnvironment(env).build());
  }

  /** The variant of apimodels' API this provider speaks. */
  public Variant variant() {
    return variant;
  }

  /**
   * Creates an identify task and polls it until it completes.
   *
   * <p>The future fails with {@link dev.lipsync.core.error.ContentRejectedException} when the vendor
   * found no face, with {@link dev.lipsync.core.error.TaskFailedException} (about the identify task)
   * when the task failed otherwise, and with {@link dev.lipsync.core.error.DeadlineExceededException}
   * when the identify timeout passes first.
   */
  @Override
  protected CompletableFuture<FaceSession> identify(VideoSource video) {
    return identification.identify(video);
  }

  /** Creates a lip-sync task. */
  @Override
  protected CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request) {
    LipSyncRequest body = ApiModelsMapper.toVendorLipSync(request);
    // apimodels takes no idempotency key, so an unknown outcome carries none.
    return VendorCalls.readPaid(
        ID, null, () -> api.submit(body),
        envelope -> ApiModelsMapper.toCoreTaskRef(ApiModelsMapper.dataOf(envelope, apiKey())));
  }

  /** Asks how a lip-sync task stands. */
  @Override
  protected CompletableFuture<TaskSnapshot> query(TaskRef ref) {
    return VendorCalls.read(
        ErrorContext.of(ID).withTaskRef(ref),
        () -> api.task(ref.taskId()),
        envelope -> ApiModelsMapper.toCoreSnapshot(ref, ApiModelsMapper.dataOf(envelope, apiKey())));
  }

  /**
   * Reads a callback: {@code {code, msg, data}} whose {@code data.resultJson} is a JSON string holding
   * {@code resultUrls} and, sometimes, {@code videoDuration} in seconds.
   *
   * @throws ProtocolException if the body is not such a callback
   */
  @Override
  public TaskSnapshot parseCallback(String body) {
    return CallbackBodies.read(ID, apiKey(), body, callbacks.get()::fromJson, ApiModelsMapper::toCoreCallback);
  }

  /**
   * Builds an {@link ApiModelsProvider}: the settings every vendor takes (see {@link VendorBuilder}),
   * with apimodels' defaults: the base URL {@value ApiModelsProvider#DEFAULT_BASE_URL} and the price
   * the variant's pages publish; the {@link Variant}; and how identify tasks are polled. Each setter
   * checks its value at once. Not thread-safe.
   */
  public static final class Builder extends VendorBuilder<Builder> {
    /**
     * Stands for "no price set" until {@link #build()}, which then takes the variant's published price:
     * a private instance, so that a price the caller sets, even one equal to a published price, is
     * never taken for it (the base builder does not say whether a price was set).
     */
    private static final Pricing PUBLISHED_PRICE = Pricing.unknown();

    private Variant variant = Variant.STANDARD;
    private int maxFacesPerTask = DEFAULT_MAX_FACES_PER_TASK;
    private PollSchedule identifyPollSchedule = DEFAULT_IDENTIFY_POLL_SCHEDULE;
    private Duration identifyTimeout = DEFAULT_IDENTIFY_TIMEOUT;

    private Builder() {
      super(PROFILE, PUBLISHED_PRICE);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** When identify tasks are polled; by default {@link ApiModelsProvider#DEFAULT_IDENTIFY_POLL_SCHEDULE}. */
    public Builder identifyPollSchedule(PollSchedule schedule) {
      this.identifyPollSchedule = Objects.requireNonNull(schedule, "schedule == null");
      return this;
    }

    /**
     * How long identification may take, from the call to the session; by default {@link
     * ApiModelsProvider#DEFAULT_IDENTIFY_TIMEOUT}.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder identifyTimeout(Duration timeout) {
      this.identifyTimeout = Timeouts.requirePositive("identifyTimeout", timeout);
      return this;
    }

    /**
     * How many faces one task may dub; by default {@value ApiModelsProvider#DEFAULT_MAX_FACES_PER_TASK}. Raise it
     * when the vendor lifts Kling's one-person limit: a job with more faces than this goes elsewhere.
     *
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder maxFacesPerTask(int faces) {
      this.maxFacesPerTask = checkedMaxFacesPerTask(faces);
      return this;
    }

    /**
     * Which variant of apimodels' API to speak: its path, model names and field names; {@link
     * Variant#STANDARD} (the en/zh pages) by default. The price follows the variant ({@link
     * Variant#pricing()}) unless {@link #pricing(Pricing)} sets one, before or after.
     */
    public Builder variant(Variant variant) {
      this.variant = Objects.requireNonNull(variant, "variant == null");
      return this;
    }

    /**
     * This builder with the variant {@value ApiModelsProvider#VARIANT_VARIABLE} names in {@code env}:
     * {@code standard} or {@code localized}, in any case; unset or blank leaves the variant as it is.
     * {@link VendorBuilder#fromEnvironment(Map)} reads the key and base URL only, so a builder configured
     * from the environment calls this too.
     *
     * @throws IllegalArgumentException naming the variable, its value and the values allowed
     */
    public Builder variantFromEnvironment(Map<String, String> env) {
      Objects.requireNonNull(env, "env == null");
      String value = env.get(VARIANT_VARIABLE);
      if (value != null && !value.isBlank()) {
        try {
          variant = Variant.named(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(VARIANT_VARIABLE + ": " + e.getMessage(), e);
        }
      }
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no API key was given
     */
    public ApiModelsProvider build() {
      if (pricing() != PUBLISHED_PRICE) {
        return new ApiModelsProvider(this);
      }
      // The base builder hands its price to the provider it builds, so the published price is set for
      // this build only: the builder still follows a variant chosen later.
      pricing(variant.pricing());
      try {
        return new ApiModelsProvider(this);
      } finally {
        pricing(PUBLISHED_PRICE);
      }
    }
  }
}

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
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.support.CallbackBodies;
import dev.lipsync.support.Timeouts;
import dev.lipsync.support.VendorBuilder;
import dev.lipsync.support.VendorCalls;
import dev.lipsync.support.VendorProfile;
import dev.lipsync.support.VendorProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Kling advanced lip-sync at <a href="https://apimodels.app">apimodels.app</a>.
 *
 * <p>apimodels runs every step as an asynchronous task behind one endpoint, {@code POST
 * /api/v1/audio/generations}, chosen by its {@code model} field, and answers status queries at {@code
 * GET /api/v1/audio/generations?task_id=...}. Face identification is such a task too: {@link
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
  /** The published price: $0.0007 per identification, $0.0063 per five seconds of lip-sync. */
  public static final Pricing DEFAULT_PRICING = Pricing.of("0.0007", "0.0063");
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
            // Sent with upstream's names inside face_choose, like face_id and sound_file themselves.
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

  private final ApiModelsApi api;
  private final Identification identification;
  private final JsonAdapter<Envelope> callbacks;

  private ApiModelsProvider(Builder builder) {
    super(builder, capabilities(builder.maxFacesPerTask), new ResultJsonAdapter());
    this.api = http().create(ApiModelsApi.class);
    TaskScheduler scheduler = builder.scheduler != null ? builder.scheduler : DefaultScheduler.INSTANCE;
    this.identification = new Identification(
        api, apiKey(), scheduler, builder.identifyPollSchedule, builder.identifyTimeout);
    this.callbacks = http().moshi().adapter(Envelope.class);
  }

  /** Starts a provider; an API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider configured from the process environment: {@value #KEY_VARIABLE} and, optionally,
   * {@value #BASE_URL_VARIABLE}.
   *
   * @return the provider, or empty when the key variable is unset or blank
   */
  public static Optional<ApiModelsProvider> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * A provider configured from {@code env}: {@value #KEY_VARIABLE} and, optionally, {@value
   * #BASE_URL_VARIABLE}.
   *
   * @return the provider, or empty when the key variable is unset or blank
   * @throws IllegalArgumentException if the base URL is not https (or http to a loopback host)
   */
  public static Optional<ApiModelsProvider> fromEnvironment(Map<String, String> env) {
    return builder().fromEnvironment(env).map(Builder::build);
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
    return CallbackBodies.read(ID, apiKey(), body, callbacks::fromJson, ApiModelsMapper::toCoreCallback);
  }

  /** The scheduler every provider without its own polls identify tasks on: one daemon thread. */
  private static final class DefaultScheduler {
    static final SystemScheduler INSTANCE = new SystemScheduler();
  }

  /**
   * Builds an {@link ApiModelsProvider}: the settings every vendor takes (see {@link VendorBuilder}),
   * with apimodels' defaults: the base URL {@value ApiModelsProvider#DEFAULT_BASE_URL} and the published
   * price {@link ApiModelsProvider#DEFAULT_PRICING}; and how identify tasks are polled. Each setter
   * checks its value at once. Not thread-safe.
   */
  public static final class Builder extends VendorBuilder<Builder> {
    private int maxFacesPerTask = DEFAULT_MAX_FACES_PER_TASK;
    private @Nullable TaskScheduler scheduler;
    private PollSchedule identifyPollSchedule = DEFAULT_IDENTIFY_POLL_SCHEDULE;
    private Duration identifyTimeout = DEFAULT_IDENTIFY_TIMEOUT;

    private Builder() {
      super(PROFILE, DEFAULT_PRICING);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The scheduler identify tasks are polled on; by default one shared {@link SystemScheduler}. Tests
     * pass a {@link dev.lipsync.core.tracking.ManualScheduler}.
     */
    public Builder scheduler(TaskScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
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
     * Builds the provider.
     *
     * @throws IllegalStateException if no API key was given
     */
    public ApiModelsProvider build() {
      return new ApiModelsProvider(this);
    }
  }
}

package dev.lipsync.cometapi;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.support.CallbackBodies;
import dev.lipsync.support.Lazily;
import dev.lipsync.support.VendorBuilder;
import dev.lipsync.support.VendorCalls;
import dev.lipsync.support.VendorProfile;
import dev.lipsync.support.VendorProvider;
import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.KlingEnvelope;
import dev.lipsync.support.upstream.UpstreamMapper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Kling lip-sync through CometAPI ({@code https://api.cometapi.com}), vendor id {@code cometapi}.
 *
 * <p>CometAPI offers two endpoints, and {@link #capabilities()} describes each as a mode:
 *
 * <ul>
 *   <li>{@code advanced} ({@code /kling/v1/videos/advanced-lip-sync}): a video by URL or Kling video id;
 *       audio by URL, as bytes (Base64) or by Kling audio id; one face per task, chosen by id (Kling's
 *       limit for now; {@link Builder#maxFacesPerTask} lifts it); clip, insert time and both volumes;
 *       callbacks; the job's idempotency key as {@code external_task_id}.
 *   <li>{@code lip-sync} ({@code /kling/v1/videos/lip-sync}, the older endpoint): only a Kling video
 *       given by id <em>together with the id of the task that generated it</em> ({@link
 *       VideoSource.VendorVideo#withTaskId}); text spoken by a Kling voice, or audio by URL or as
 *       bytes; one face, which the vendor picks, so a session must hold exactly one; no clip, insert
 *       time or volumes. It takes no idempotency key, and its tasks are tracked by polling only.
 * </ul>
 *
 * A submit goes to the first mode that serves it, so in practice the older endpoint receives text only:
 * every audio file it could take, the advanced endpoint takes too, with more settings. A text job whose
 * Kling video lacks the generating task's id fails with {@link NotSupportedException} before anything is
 * sent; {@link Capabilities#whyNot} cannot foresee that, since the task id is no kind of video.
 *
 * The task id of a task made by the older endpoint is recorded in its {@link TaskRef} as {@code
 * lip-sync/<id>}, so that {@link #status} asks the right path; advanced task ids are kept as the vendor
 * gave them.
 *
 * <pre>{@code
 * LipSyncProvider cometapi = CometApiProvider.builder()
 *     .apiKey(System.getenv("COMETAPI_KEY"))
 *     .requestTimeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * Thread-safe and immutable; one instance serves any number of tasks.
 */
public final class CometApiProvider extends VendorProvider {
  /** The vendor id. */
  public static final String ID = CometApiMapper.VENDOR;
  /** CometAPI's base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.cometapi.com";
  /** The environment variable holding the API key. */
  public static final String KEY_VARIABLE = "COMETAPI_KEY";
  /** The environment variable holding another base URL (a proxy, a simulator). */
  public static final String BASE_URL_VARIABLE = "COMETAPI_BASE_URL";

  /**
   * How many faces one task dubs unless {@link Builder#maxFacesPerTask} says otherwise: one, since Kling,
   * to which the vendor forwards the request, says it currently lip-syncs one person per task.
   */
  public static final int DEFAULT_MAX_FACES_PER_TASK = VendorBuilder.KLING_FACES_PER_TASK;

  private static final VendorProfile PROFILE =
      new VendorProfile(ID, DEFAULT_BASE_URL, KEY_VARIABLE, BASE_URL_VARIABLE);

  /** The two modes described in the type's documentation. */
  private static Capabilities capabilities(int maxFacesPerTask) {
    return Capabilities.builder()
        .mode(Capabilities.Mode.builder(LipSyncEndpoint.ADVANCED.modeName())
            .videos(VideoKind.URL, VideoKind.VENDOR_VIDEO)
            .audio(AudioKind.URL, AudioKind.BYTES, AudioKind.VENDOR_AUDIO)
            // face_choose[] takes one entry per face, but Kling behind it dubs one person per task.
            .maxFaces(maxFacesPerTask)
            .faceChoosing(Capabilities.FaceChoosing.BY_ID)
            // Kling requires the clip's times: a dub without a clip sends the whole audio.
            .clipRequired(true)
            // watermark_info.enabled, which CometAPI forwards to Kling with the rest of the body.
            .watermark(true)
            .insertTime(true)
            .volumes(true)
            .build())
        // Second, so that every job the advanced endpoint can serve goes there; only text lands here.
        .mode(Capabilities.Mode.builder(LipSyncEndpoint.LEGACY.modeName())
            .videos(VideoKind.VENDOR_VIDEO)
            .audio(AudioKind.URL, AudioKind.BYTES)
            .speech(VoiceLanguage.ZH, VoiceLanguage.EN)
            .voiceSpeed(true)
            .maxFaces(1)
            .faceChoosing(Capabilities.FaceChoosing.NONE)
            .build())
        .callbacks(true)
        .idempotencyKeys(true)
        .findsTasksByIdempotencyKey(false)
        .cancels(false)
        .build();
  }

  /**
   * How the advanced request writes its times ({@code sound_start_time}, {@code sound_end_time},
   * {@code sound_insert_time}, in milliseconds). The sources disagree: Kling's reference, its SDK and
   * the relays' typed structs take integers, and CometAPI forwards the body to Kling; CometAPI's page
   * alone shows strings. {@link #NUMBERS}, what the upstream reads, is the default.
   */
  public enum Times {
    /** {@code 2000}, as Kling reads them. */
    NUMBERS,
    /** {@code "2000"}, as CometAPI's page shows them. */
    STRINGS;

    Object write(long milliseconds) {
      return this == NUMBERS ? (Object) milliseconds : Long.toString(milliseconds);
    }
  }

  /** Made at the first call: see {@link Lazily}. */
  private final Lazily<CometApi> api;
  private final Times times;
  /** Reads a callback: the bare task object, or one a relay wrapped in the envelope. */
  private final Lazily<CallbackBodies.Parser<RelayWire.Task>> readCallback;

  private CometApiProvider(Builder builder) {
    super(builder, capabilities(builder.maxFacesPerTask));
    this.api = Lazily.of(() -> http().create(CometApi.class));
    this.times = builder.times;
    this.readCallback = Lazily.of(() -> UpstreamMapper.callbackParser(http().moshi(), RelayWire.Task.class));
  }

  /** Starts a provider; an API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider configured by {@code COMETAPI_KEY} and {@code COMETAPI_BASE_URL}; empty without a key. */
  public static Optional<CometApiProvider> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The provider configured by {@code COMETAPI_KEY} and, if set, {@code COMETAPI_BASE_URL} in {@code
   * env}.
   *
   * @return empty when the key is unset or blank
   * @throws IllegalArgumentException if the key or the base URL is malformed (the key is never shown)
   */
  public static Optional<CometApiProvider> fromEnvironment(Map<String, String> env) {
    return builder().fromEnvironment(env).map(Builder::build);
  }

  /**
   * Asks {@code identify-face} for the faces of a video by URL or by Kling video id. CometAPI answers
   * within the request.
   */
  @Override
  protected CompletableFuture<FaceSession> identify(VideoSource video) {
    IdentifyWire.Request body = CometApiMapper.toVendorIdentify(video);
    return VendorCalls.read(
        ID, () -> api.get().identifyFace(body), answer -> CometApiMapper.toCoreSession(answer, video, apiKey()));
  }

  /**
   * Creates a task at the endpoint of the mode that serves the request (see the type's documentation).
   * A text job whose Kling video lacks the generating task's id fails with {@link
   * NotSupportedException}, nothing sent: {@link Capabilities#whyNot} cannot see that, since that id is
   * not a kind of video.
   */
  @Override
  protected CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request) {
    return submitTo(LipSyncEndpoint.ofMode(mode.name()), request);
  }

  /**
   * Sends the request to {@code endpoint}, chosen by {@link #create} from the capabilities. Tests call
   * it to reach the older endpoint's audio mode, which {@link #submit} never picks because the advanced
   * endpoint serves the same requests.
   */
  CompletableFuture<TaskRef> submitTo(LipSyncEndpoint endpoint, SubmitRequest request) {
    Supplier<CompletableFuture<KlingEnvelope<RelayWire.Task>>> call = switch (endpoint) {
      case ADVANCED -> {
        AdvancedWire.Request<RelayWire.FaceChoose> body = CometApiMapper.toVendorAdvanced(request, times);
        yield () -> api.get().createAdvanced(body);
      }
      case LEGACY -> {
        LegacyWire.Request body = CometApiMapper.toVendorLegacy(request);
        yield () -> api.get().createLegacy(body);
      }
    };
    // The older endpoint takes no idempotency key, so none was sent to report with an unknown outcome.
    String keySent = endpoint == LipSyncEndpoint.ADVANCED ? request.idempotencyKey() : null;
    return VendorCalls.readPaid(
        ID, keySent, call, answer -> CometApiMapper.toCoreTaskRef(answer, endpoint, apiKey()));
  }

  /** Asks the status path of the endpoint that made the task. */
  @Override
  protected CompletableFuture<TaskSnapshot> query(TaskRef ref) {
    LipSyncEndpoint endpoint = LipSyncEndpoint.ofRefTaskId(ref.taskId());
    String taskId = endpoint.vendorTaskId(ref.taskId());
    return VendorCalls.read(
        ID,
        () -> switch (endpoint) {
          case ADVANCED -> api.get().advancedTask(taskId);
          case LEGACY -> api.get().legacyTask(taskId);
        },
        answer -> CometApiMapper.toCoreSnapshot(ref, answer, apiKey()));
  }

  /**
   * Reads the task object CometAPI posts to the callback URL, the same object a status answer carries
   * as {@code data} (an enveloped body is read too). The same task may arrive several times; the
   * tracker lets its state only move forward. Only advanced tasks have callbacks (see the type's
   * documentation), so the ref is the advanced task's.
   *
   * @throws ProtocolException if the body is not such a task object
   */
  @Override
  public TaskSnapshot parseCallback(String body) {
    return CallbackBodies.read(ID, apiKey(), body, readCallback.get(), CometApiMapper::toCoreSnapshot);
  }


  /**
   * Builds a {@link CometApiProvider}: the settings every vendor takes (see {@link VendorBuilder}), with
   * CometAPI's defaults: the base URL {@value #DEFAULT_BASE_URL} and an unknown price, since CometAPI's
   * price is not part of its API pages. Each setter checks its value at once. Not thread-safe.
   *
   * <pre>{@code
   * CometApiProvider provider = CometApiProvider.builder()
   *     .apiKey(key)
   *     .pricing(Pricing.of("0.01", "0.05"))   // what your CometAPI plan charges
   *     .build();
   * }</pre>
   */
  public static final class Builder extends VendorBuilder<Builder> {
    private int maxFacesPerTask = DEFAULT_MAX_FACES_PER_TASK;
    private Times times = Times.NUMBERS;
    private Builder() {
      super(PROFILE, Pricing.unknown());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** How the request writes its times; {@link Times#NUMBERS} by default (see {@link Times}). */
    public Builder times(Times times) {
      this.times = Objects.requireNonNull(times, "times == null");
      return this;
    }

    /**
     * How many faces one task may dub; by default {@value CometApiProvider#DEFAULT_MAX_FACES_PER_TASK}. Raise it
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
    public CometApiProvider build() {
      return new CometApiProvider(this);
    }
  }
}

package dev.lipsync.alad;

import com.squareup.moshi.JsonAdapter;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * alad's resale of Kling advanced lip-sync ({@code https://ai.alad.com}).
 *
 * <pre>{@code
 * LipSyncProvider alad = AladProvider.builder()
 *     .apiKey(System.getenv("ALAD_KEY"))
 *     .requestTimeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>What alad can and cannot do, as {@link #capabilities()} states it:
 *
 * <ul>
 *   <li>Video by URL or by Kling video id. Faces are identified at once.
 *   <li>Audio by URL, or text spoken by one of its voices in Chinese or English (text mode), at
 *       normal speed only: the request has no speed field, so its mode declares no voice speed, and
 *       {@link Capabilities#modeFor} refuses a {@link dev.lipsync.core.model.AudioSource.Speech} at
 *       another speed before anything is sent.
 *   <li>One face per task, told by a picture, never by id: the request names the session and may
 *       carry {@code face_image_url}, a picture of the face to dub ({@link
 *       Capabilities.FaceChoosing#BY_PICTURE}). alad's identify answer has boxes and no pictures, so:
 *       <ul>
 *         <li>a dub that names no face ({@link dev.lipsync.core.model.FaceSelector#unnamed()}, the
 *             default) is sent without a picture whatever the number of faces, and alad chooses the
 *             face; the result's face rule says "alad chooses the face: it takes no face id";
 *         <li>a dub that names a face (say {@code nthByAppearance(2)}) is sent with a picture of it:
 *             the face's own, or, when the job came from a vendor whose session showed one (CometAPI's
 *             {@code face_image}), the picture of the face the same selector chose there. Without
 *             one, in a session of several faces, {@link Capabilities#modeFor} refuses the request
 *             with {@link NotSupportedException} before anything is sent, and the gateway moves on.
 *       </ul>
 *   <li>No clip, insert time or volumes; no idempotency key. No callback URL is documented, so none
 *       is sent (a request's callback URL is not used, and the gateway polls);
 *       {@link #parseCallback} still reads the status shapes, should alad post them.
 * </ul>
 *
 * A request asking for more (a voice speed other than 1.0 included) fails with {@link
 * NotSupportedException} before anything is sent.
 *
 * <p>Thread-safe: immutable once built.
 */
public final class AladProvider extends VendorProvider {
  /** The vendor id, {@value}. */
  public static final String ID = AladMapper.VENDOR;
  /** The base URL used unless another is configured. */
  public static final String DEFAULT_BASE_URL = "https://ai.alad.com";
  /** The environment variable holding the API key. */
  public static final String KEY_VARIABLE = "ALAD_KEY";
  /** The environment variable holding another base URL. */
  public static final String BASE_URL_VARIABLE = "ALAD_BASE_URL";

  private static final VendorProfile PROFILE =
      new VendorProfile(ID, DEFAULT_BASE_URL, KEY_VARIABLE, BASE_URL_VARIABLE);

  /** One mode: URL or vendor video; URL audio or zh/en text; one face, told by picture; nothing else. */
  private static final Capabilities CAPABILITIES = Capabilities.builder()
      .mode(Capabilities.Mode.builder("advanced")
          .videos(VideoKind.URL, VideoKind.VENDOR_VIDEO)
          .audio(AudioKind.URL)
          .speech(VoiceLanguage.ZH, VoiceLanguage.EN)
          .maxFaces(1)
          .faceChoosing(Capabilities.FaceChoosing.BY_PICTURE)
          .clipTiming(false)
          .insertTime(false)
          .volumes(false)
          .build())
      .callbacks(false)
      .idempotencyKeys(false)
      .findsTasksByIdempotencyKey(false)
      .cancels(false)
      .build();

  /** alad's guide's status path. */
  private static final String GUIDE_QUERY = "advanced-lip-sync";
  /** The platform's task reference's status path. */
  private static final String REFERENCE_QUERY = "lip-sync";

  /** Made at the first call: see {@link Lazily}. */
  private final Lazily<AladApi> api;
  /** The status path that answered last: asked first. */
  private final AtomicReference<String> queryAction = new AtomicReference<>(GUIDE_QUERY);
  private final Lazily<JsonAdapter<TaskAnswer>> callbackAdapter;

  private AladProvider(Builder builder) {
    super(builder, CAPABILITIES);
    this.api = Lazily.of(() -> http().create(AladApi.class));
    this.callbackAdapter = Lazily.of(() -> http().moshi().adapter(TaskAnswer.class));
  }

  /** Starts a provider; an API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider configured by the process environment ({@value #KEY_VARIABLE}, and {@value
   * #BASE_URL_VARIABLE} if set), or empty when no key is set.
   */
  public static Optional<AladProvider> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The provider configured by {@code env} ({@value #KEY_VARIABLE}, and {@value #BASE_URL_VARIABLE}
   * if set), or empty when the key is unset or blank.
   *
   * @throws IllegalArgumentException if the key or the base URL is malformed
   */
  public static Optional<AladProvider> fromEnvironment(Map<String, String> env) {
    return builder().fromEnvironment(env).map(Builder::build);
  }

  /**
   * Identifies the faces at once. alad lists each face with a bounding box and no times, so
   * selectors by time fall back as {@link dev.lipsync.core.model.FaceSelector} describes.
   */
  @Override
  protected CompletableFuture<FaceSession> identify(VideoSource video) {
    return VendorCalls.read(
        ID,
        () -> api.get().identify(AladMapper.toVendorIdentify(video)),
        answer -> AladMapper.toCoreSession(answer, video, apiKey()));
  }

  /**
   * Starts a task: sent once, never retried here. Its callback URL and idempotency key are not sent
   * (alad documents neither).
   */
  @Override
  protected CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request) {
    LipSyncBody body = AladMapper.toVendorLipSync(request);
    // alad takes no idempotency key, so an unknown outcome carries none.
    return VendorCalls.readPaid(
        ID, null, () -> api.get().create(body), answer -> AladMapper.toCoreTaskRef(answer, apiKey()));
  }

  /**
   * Asks how the task stands; reads both of alad's answer shapes. The sources name two status paths,
   * alad's guide {@code advanced-lip-sync/{id}} and the platform's task reference {@code lip-sync/{id}}:
   * the guide's is asked first, and a 404 there is checked once at the other path before the task is
   * reported unknown. Whichever path answers is asked first from then on.
   */
  @Override
  protected CompletableFuture<TaskSnapshot> query(TaskRef ref) {
    String first = queryAction.get();
    String other = first.equals(GUIDE_QUERY) ? REFERENCE_QUERY : GUIDE_QUERY;
    CompletableFuture<TaskSnapshot> result = new CompletableFuture<>();
    CompletableFuture<TaskSnapshot> asked = queryAt(first, ref);
    AtomicReference<CompletableFuture<TaskSnapshot>> inFlight = new AtomicReference<>(asked);
    asked.whenComplete((snapshot, error) -> {
      if (error == null || !(LipSyncException.causeOf(error) instanceof NotFoundException notFound)) {
        complete(result, snapshot, error);
        return;
      }
      CompletableFuture<TaskSnapshot> again = queryAt(other, ref);
      inFlight.set(again);
      again.whenComplete((found, stillUnknown) -> {
        if (stillUnknown == null) {
          queryAction.compareAndSet(first, other);
          result.complete(found);
        } else {
          // Unknown at both paths: the answer of the path asked first says so.
          boolean unknownThere = LipSyncException.causeOf(stillUnknown) instanceof NotFoundException;
          complete(result, null, unknownThere ? notFound : stillUnknown);
        }
      });
      if (result.isCancelled()) {
        again.cancel(false);
      }
    });
    result.whenComplete((snapshot, error) -> {
      if (result.isCancelled()) {
        inFlight.get().cancel(false);
      }
    });
    return result;
  }

  private CompletableFuture<TaskSnapshot> queryAt(String action, TaskRef ref) {
    return VendorCalls.read(
        ErrorContext.of(ID).withTaskRef(ref),
        () -> api.get().status(action, ref.taskId()),
        answer -> AladMapper.toCoreSnapshot(ref, answer, apiKey()));
  }

  private static <T> void complete(CompletableFuture<T> result, @Nullable T value, @Nullable Throwable error) {
    if (error == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(LipSyncException.causeOf(error));
    }
  }

  /**
   * Reads a callback body in either status shape, or a bare upstream task object.
   *
   * @throws ProtocolException if the body names no task or no status
   */
  @Override
  public TaskSnapshot parseCallback(String body) {
    return CallbackBodies.read(ID, apiKey(), body, callbackAdapter.get()::fromJson, AladMapper::toCoreCallback);
  }

  /**
   * Builds an {@link AladProvider}: the settings every vendor takes (see {@link VendorBuilder}), with
   * alad's defaults: the base URL {@value #DEFAULT_BASE_URL} and an unknown price, as alad publishes
   * none. Each setter checks its value at once. Not thread-safe.
   */
  public static final class Builder extends VendorBuilder<Builder> {
    private Builder() {
      super(PROFILE, Pricing.unknown());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no API key was given
     */
    public AladProvider build() {
      return new AladProvider(this);
    }
  }
}

package dev.lipsync.support;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.TaskScheduler;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The part of a vendor's provider that is the same at every vendor, so that an adapter writes only its
 * own calls. It holds the vendor's id, capabilities, price, key and HTTP client from the adapter's
 * {@link VendorBuilder}, and makes every check that must come before anything is sent, the same way for
 * all vendors:
 *
 * <ul>
 *   <li>{@link #identifyFaces}: a video id another vendor made is refused ({@link VendorBinding});
 *   <li>{@link #submit}: a session another vendor made is refused, and so is a request that no mode of
 *       {@link #capabilities()} serves; the adapter is handed the mode that serves it;
 *   <li>{@link #status}: a task another vendor runs is refused.
 * </ul>
 *
 * A library error that a hook throws before its call starts (a request its mapper cannot express, say)
 * fails the returned future, as the port asks, instead of escaping to the caller.
 *
 * <pre>{@code
 * public final class AcmeProvider extends VendorProvider {
 *   private final AcmeApi api;
 *
 *   private AcmeProvider(Builder builder) {
 *     super(builder, CAPABILITIES);
 *     this.api = http().create(AcmeApi.class);
 *   }
 *
 *   @Override
 *   protected CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request) {
 *     AcmeBody body = AcmeMapper.toVendor(request);
 *     return VendorCalls.readPaid(id(), request.idempotencyKey(), () -> api.create(body),
 *         answer -> AcmeMapper.toCoreTaskRef(answer, apiKey()));
 *   }
 *   ...
 * }
 * }</pre>
 *
 * Thread-safe if the adapter's own part is; immutable here. {@link #toString()} names the provider, the
 * vendor and its base URL, never the key.
 */
public abstract class VendorProvider implements LipSyncProvider {
  private final VendorProfile profile;
  private final Capabilities capabilities;
  private final Pricing pricing;
  private final ApiKey apiKey;
  private final VendorHttp http;
  private final VendorBinding own;
  private final TaskScheduler scheduler;

  /**
   * Takes the settings of {@code builder}.
   *
   * @param capabilities what the vendor can do; {@link #submit} sends only what one of its modes serves
   * @param jsonAdapters Moshi adapters the vendor's wire types need, as {@link VendorHttp.Builder#jsonAdapter}
   *     takes them
   * @throws IllegalStateException {@code "API key required."} if the builder was given no key
   */
  protected VendorProvider(VendorBuilder<?> builder, Capabilities capabilities, Object... jsonAdapters) {
    Objects.requireNonNull(builder, "builder == null");
    this.profile = builder.profile();
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities == null");
    this.pricing = builder.pricing();
    this.apiKey = builder.apiKey();
    this.http = builder.http(jsonAdapters);
    this.own = VendorBinding.of(profile.id());
    this.scheduler = builder.scheduler();
  }

  /** The vendor id of the {@link VendorProfile}. */
  @Override
  public final String id() {
    return profile.id();
  }

  @Override
  public final Capabilities capabilities() {
    return capabilities;
  }

  /** The price the builder set, or the vendor's published one. */
  @Override
  public final Pricing pricing() {
    return pricing;
  }

  /** Refuses another vendor's video id, then {@linkplain #identify identifies}. */
  @Override
  public final CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
    Objects.requireNonNull(video, "video == null");
    return guarded(() -> {
      own.requireOwnVideo(video);
      return identify(video);
    });
  }

  /**
   * Refuses another vendor's session and a request no mode serves (with {@link
   * dev.lipsync.core.error.NotSupportedException}, nothing sent), then {@linkplain #create creates} the
   * task in the mode that serves it.
   */
  @Override
  public final CompletableFuture<TaskRef> submit(SubmitRequest request) {
    Objects.requireNonNull(request, "request == null");
    return guarded(() -> {
      own.requireOwnSession(request.session());
      return create(capabilities.modeFor(id(), request), request);
    });
  }

  /** Refuses another vendor's task, then {@linkplain #query asks} how it stands. */
  @Override
  public final CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    return guarded(() -> {
      own.requireOwnTask(ref);
      return query(ref);
    });
  }

  /** Asks the vendor for the faces of a video that is this vendor's to see. */
  protected abstract CompletableFuture<FaceSession> identify(VideoSource video);

  /**
   * Creates the task: the paid call, sent once and never retried here.
   *
   * @param mode the mode of {@link #capabilities()} that serves the request
   * @param request a request on this vendor's own session
   */
  protected abstract CompletableFuture<TaskRef> create(Capabilities.Mode mode, SubmitRequest request);

  /** Asks how one of this vendor's tasks stands. */
  protected abstract CompletableFuture<TaskSnapshot> query(TaskRef ref);

  /** The vendor's HTTP client. */
  protected final VendorHttp http() {
    return http;
  }

  /** The API key: to mask in what the vendor says, never to show. */
  protected final ApiKey apiKey() {
    return apiKey;
  }

  /**
   * Where the steps the vendor runs as tasks of their own are polled ({@link PollUntil}): the
   * builder's {@link VendorBuilder#scheduler scheduler}.
   */
  protected final TaskScheduler scheduler() {
    return scheduler;
  }

  /** The checks that what this provider is handed is its vendor's own. */
  protected final VendorBinding own() {
    return own;
  }

  /** Names the provider, the vendor and the base URL; never the key. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + id() + " at " + http.baseUrl() + "]";
  }

  private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> call) {
    try {
      return call.get();
    } catch (LipSyncException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}

package dev.lipsync.core.gateway;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A provider that passes every call to another, for decorators to extend: a decorator overrides the
 * calls it adds something to and inherits the rest. The vendor's id, capabilities and price are always
 * the wrapped provider's.
 *
 * <pre>{@code
 * final class Logged extends ForwardingProvider {
 *   Logged(LipSyncProvider delegate) { super(delegate); }
 *   @Override public CompletableFuture<TaskRef> submit(SubmitRequest request) {
 *     log.info("submitting to {}", id());
 *     return super.submit(request);
 *   }
 * }
 * }</pre>
 *
 * Thread-safe if the wrapped provider is.
 */
abstract class ForwardingProvider implements LipSyncProvider {
  private final LipSyncProvider delegate;

  protected ForwardingProvider(LipSyncProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
  }

  /** The wrapped provider. */
  LipSyncProvider delegate() {
    return delegate;
  }

  /** The wrapped vendor's id. */
  @Override
  public final String id() {
    return delegate.id();
  }

  /** The wrapped vendor's capabilities. */
  @Override
  public final Capabilities capabilities() {
    return delegate.capabilities();
  }

  /** The wrapped vendor's pricing. */
  @Override
  public final Pricing pricing() {
    return delegate.pricing();
  }

  @Override
  public CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
    return delegate.identifyFaces(video);
  }

  @Override
  public CompletableFuture<TaskRef> submit(SubmitRequest request) {
    return delegate.submit(request);
  }

  @Override
  public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    return delegate.status(ref);
  }

  @Override
  public TaskSnapshot parseCallback(String body) {
    return delegate.parseCallback(body);
  }

  @Override
  public CompletableFuture<Optional<TaskRef>> findByIdempotencyKey(String idempotencyKey) {
    return delegate.findByIdempotencyKey(idempotencyKey);
  }

  @Override
  public CompletableFuture<SpokenAudio> speak(AudioSource.Speech speech) {
    return delegate.speak(speech);
  }

  @Override
  public CompletableFuture<Void> cancel(TaskRef ref) {
    return delegate.cancel(ref);
  }
}

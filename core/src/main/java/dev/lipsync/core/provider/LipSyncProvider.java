package dev.lipsync.core.provider;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One vendor of Kling advanced lip-sync, as the gateway sees it. Each adapter module implements this
 * once and absorbs its vendor's URLs, payloads, status words and errors, so that nothing of the vendor's
 * wire format is visible here.
 *
 * <p>The flow is the upstream model's: {@link #identifyFaces} finds the faces in a video and opens a
 * session; {@link #submit} starts a (paid) task that makes chosen faces say chosen audio; {@link #status}
 * and {@link #parseCallback} tell how the task stands.
 *
 * <p>Every call that talks to the vendor is asynchronous: it returns at once, and its future completes
 * on the HTTP client's threads, so thousands of tasks in flight hold no thread each. A future that fails
 * does so with a {@link dev.lipsync.core.error.LipSyncException} whose class says what happened.
 * Implementations are thread-safe.
 */
public interface LipSyncProvider {

  /** The vendor's id: lower case, stable, used in task refs, configuration and metrics. */
  String id();

  /** What this vendor can do, so the gateway sends it only jobs it can serve. */
  Capabilities capabilities();

  /** What this vendor charges, as published or as configured. */
  Pricing pricing();

  /**
   * Finds the faces in a video. Some vendors answer at once, others run this as a task; the adapter
   * hides the difference (polling on core's task tracker, never on a sleeping thread).
   *
   * @return the session, bound to this vendor
   */
  CompletableFuture<FaceSession> identifyFaces(VideoSource video);

  /**
   * Starts a lip-sync task. This call costs money: an adapter sends it at most once per call and never
   * retries it itself. When the request may have reached the vendor but no answer was read, the future
   * fails with {@link dev.lipsync.core.error.SubmitOutcomeUnknownException}.
   *
   * @param request a session made by this vendor, and the dubs with their faces resolved in it
   * @return the new task
   */
  CompletableFuture<TaskRef> submit(SubmitRequest request);

  /** Asks the vendor how a task stands. Safe to repeat. */
  CompletableFuture<TaskSnapshot> status(TaskRef ref);

  /**
   * Reads the body of a callback the vendor posted about a task. This only parses (nothing is sent),
   * so it answers directly rather than through a future.
   *
   * @throws dev.lipsync.core.error.ProtocolException if the body is not this vendor's callback
   */
  TaskSnapshot parseCallback(String body);

  /**
   * Looks up the task a submit with this idempotency key created, where the vendor can find tasks by
   * key. This is how the gateway settles a submit whose outcome is unknown: a task found means it must
   * not submit again; an empty answer means none was created.
   *
   * @return the task, or empty if the vendor has none with this key
   * @throws UnsupportedOperationException (in the future) where {@link
   *     Capabilities#findsTasksByIdempotencyKey()} is false
   */
  default CompletableFuture<Optional<TaskRef>> findByIdempotencyKey(String idempotencyKey) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(id() + " cannot find tasks by idempotency key"));
  }

  /**
   * Speaks text with one of the vendor's voices, for a mode that takes text as the vendor's own audio
   * ({@link Capabilities.Mode#speechFirst()}: Kling's {@code /v1/audio/tts}, whose audio id the
   * advanced lip-sync takes). The gateway calls it before the submit, and sends the submit with the
   * spoken audio (by the vendor's id, or at its URL) and its length instead of the text. Where the
   * vendor speaks as a task of its own, the future completes once the audio is there.
   *
   * @throws UnsupportedOperationException (in the future) where no mode speaks text first
   */
  default CompletableFuture<SpokenAudio> speak(AudioSource.Speech speech) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(id() + " has no text-to-speech call"));
  }

  /**
   * Asks the vendor to cancel a task, where it has a cancel call.
   *
   * @throws UnsupportedOperationException (in the future) where {@link Capabilities#cancels()} is
   *     false
   */
  default CompletableFuture<Void> cancel(TaskRef ref) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(id() + " has no cancel call"));
  }
}

package dev.lipsync.support;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checks that what an adapter is handed was made by its own vendor: a face session, a task, a
 * vendor's video or audio id. Each is valid only where it was made, so every adapter refuses another
 * vendor's the same way, before anything is sent:
 *
 * <pre>{@code
 * private static final VendorBinding OWN = VendorBinding.of(ID);
 *
 * public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
 *   try {
 *     OWN.requireOwnTask(ref);
 *   } catch (LipSyncException e) {
 *     return CompletableFuture.failedFuture(e);
 *   }
 *   ...
 * }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class VendorBinding {
  private final String vendor;

  private VendorBinding(String vendor) {
    this.vendor = vendor;
  }

  /** The checks for the vendor whose id is {@code vendor}. */
  public static VendorBinding of(String vendor) {
    return new VendorBinding(Objects.requireNonNull(vendor, "vendor == null"));
  }

  /**
   * Refuses a session another vendor made: its face ids mean nothing here.
   *
   * @throws InvalidRequestException naming {@code session.vendor}, its value and the rule
   */
  public void requireOwnSession(FaceSession session) {
    Objects.requireNonNull(session, "session == null");
    if (!vendor.equals(session.vendor())) {
      throw new InvalidRequestException(new Violation("session.vendor", session.vendor(),
          "is not " + vendor + ": identify the faces at " + vendor + " first"));
    }
  }

  /**
   * Refuses a task another vendor runs: this vendor cannot know it.
   *
   * @throws NotFoundException naming the task
   */
  public void requireOwnTask(TaskRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    if (!vendor.equals(ref.vendor())) {
      throw new NotFoundException(ErrorContext.of(vendor).withTaskRef(ref),
          vendor + " knows no task of " + ref.vendor() + " (" + ref + ")", null);
    }
  }

  /**
   * Refuses a video id another vendor made; a video by URL, or an id of no named vendor, passes.
   *
   * @throws NotSupportedException saying where the id is valid
   */
  public void requireOwnVideo(VideoSource video) {
    Objects.requireNonNull(video, "video == null");
    if (video instanceof VideoSource.VendorVideo id) {
      requireOwnId("video id " + id.videoId(), id.vendor());
    }
  }

  /**
   * Refuses an id (of a video, an audio track) that {@code madeBy} made, unless that is this vendor or
   * no vendor is named.
   *
   * @param what names the id in the message, e.g. {@code "audio id a-1"}
   * @throws NotSupportedException saying where the id is valid
   */
  public void requireOwnId(String what, @Nullable String madeBy) {
    Objects.requireNonNull(what, "what == null");
    if (madeBy != null && !vendor.equals(madeBy)) {
      throw new NotSupportedException(vendor, what + " is valid only at " + madeBy);
    }
  }

  @Override
  public String toString() {
    return "VendorBinding[" + vendor + "]";
  }
}

package dev.lipsync.core.provider;

import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a vendor needs to start a lip-sync task.
 *
 * @param session a session made by the vendor receiving this request
 * @param dubs at least one dub, each with a face of the session
 * @param callbackUrl where the vendor should post status changes, or null
 * @param idempotencyKey the job's key, sent where the vendor takes one (Kling's {@code
 *     external_task_id})
 */
public record SubmitRequest(
    FaceSession session, List<ResolvedDub> dubs, @Nullable URI callbackUrl, String idempotencyKey) {

  public SubmitRequest {
    Objects.requireNonNull(session, "session == null");
    dubs = List.copyOf(dubs);
    if (dubs.isEmpty()) {
      throw new IllegalArgumentException("dubs is empty");
    }
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
  }

  /** Shows the callback URL without the secret its path or query holds. */
  @Override
  public String toString() {
    return "SubmitRequest[session=" + session + ", dubs=" + dubs + ", callbackUrl="
        + LipSyncJob.redacted(callbackUrl) + ", idempotencyKey=" + idempotencyKey + "]";
  }
}

package dev.lipsync.core.provider;

import dev.lipsync.core.model.FaceSelector;
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
 * @param selectors for each dub, the job's selector that chose its face: a vendor that cannot be told
 *     which face to dub tells a face the job named from one it left open ({@link
 *     FaceSelector#unnamed()}; see {@link Capabilities.FaceChoosing})
 * @param callbackUrl where the vendor should post status changes, or null
 * @param idempotencyKey the job's key, sent where the vendor takes one (Kling's {@code
 *     external_task_id})
 * @param watermark whether the job asks for a watermarked copy of the result as well ({@link
 *     LipSyncJob#watermark()})
 */
public record SubmitRequest(
    FaceSession session,
    List<ResolvedDub> dubs,
    List<FaceSelector> selectors,
    @Nullable URI callbackUrl,
    String idempotencyKey,
    boolean watermark) {

  public SubmitRequest {
    Objects.requireNonNull(session, "session == null");
    dubs = List.copyOf(dubs);
    if (dubs.isEmpty()) {
      throw new IllegalArgumentException("dubs is empty");
    }
    selectors = List.copyOf(selectors);
    if (selectors.size() != dubs.size()) {
      throw new IllegalArgumentException(
          "selectors.size() " + selectors.size() + " != dubs.size() " + dubs.size());
    }
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
  }

  /** A request without a watermarked copy. */
  public SubmitRequest(
      FaceSession session,
      List<ResolvedDub> dubs,
      List<FaceSelector> selectors,
      @Nullable URI callbackUrl,
      String idempotencyKey) {
    this(session, dubs, selectors, callbackUrl, idempotencyKey, false);
  }

  /**
   * A request whose caller chose each face itself (the two-step flow): each face counts as named by
   * its id, {@link FaceSelector#byId}.
   */
  public SubmitRequest(
      FaceSession session, List<ResolvedDub> dubs, @Nullable URI callbackUrl, String idempotencyKey) {
    this(session, dubs, namedById(dubs), callbackUrl, idempotencyKey, false);
  }

  private static List<FaceSelector> namedById(List<ResolvedDub> dubs) {
    Objects.requireNonNull(dubs, "dubs == null");
    return dubs.stream().map(d -> FaceSelector.byId(d.face().id())).toList();
  }

  /** Shows the callback URL without the secret its path or query holds. */
  @Override
  public String toString() {
    return "SubmitRequest[session=" + session + ", dubs=" + dubs + ", selectors=" + selectors
        + ", callbackUrl=" + LipSyncJob.redacted(callbackUrl) + ", idempotencyKey=" + idempotencyKey
        + ", watermark=" + watermark + "]";
  }
}

package dev.lipsync.core.model;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The face pictures fetched for one job, by URL: each one's hash, or why it could not be had. The gateway
 * fetches the pictures a choice needs (a session's thumbnails, the reference) before {@link
 * FaceSelector#resolve(FaceSession, PictureHashes)}.
 *
 * @param hashes each fetched and decoded picture's hash
 * @param failures for each picture that could not be fetched or decoded, why
 */
public record PictureHashes(Map<URI, PictureHash> hashes, Map<URI, String> failures) {
  /** No pictures: a selector that needs one finds none. */
  public static final PictureHashes NONE = new PictureHashes(Map.of(), Map.of());

  public PictureHashes {
    hashes = Map.copyOf(hashes);
    failures = Map.copyOf(failures);
  }

  /** The hash of the picture at {@code url}, or null when it was not fetched or could not be. */
  public @Nullable PictureHash of(URI url) {
    return hashes.get(url);
  }

  /** Why there is no hash of the picture at {@code url}, in words. */
  public String whyNot(URI url) {
    String failure = failures.get(url);
    return failure != null ? "could not be fetched (" + failure + ")" : "was not fetched";
  }

  /** {@code url} as messages show it: without its query, which may be a secret (a pre-signed link). */
  public static String shown(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}

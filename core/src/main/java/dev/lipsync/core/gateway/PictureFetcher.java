package dev.lipsync.core.gateway;

import java.net.URI;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches the picture of a face, so the gateway can tell the same person in two vendors' sessions by
 * the pictures alone ({@link dev.lipsync.core.model.FaceSelector}). The URLs come from vendors' answers
 * (a face's thumbnail) or from the application ({@link dev.lipsync.core.model.FaceSelector#lookingLike}),
 * so an implementation treats them as untrusted: https only (plain http to a loopback host, for
 * simulators), never into a private network, an image content type, a small size cap, no credentials.
 * The gateway fetches each picture at most once per job, several at once.
 *
 * <p>The gateway's builder finds an implementation with {@link ServiceLoader} when none is given:
 * {@code lipsync-adapter-support}, which every adapter brings, has one. Without any, no face is matched
 * by its picture, and a job whose face can only be found that way is refused where that is so.
 */
@FunctionalInterface
public interface PictureFetcher {

  /** A fetcher that never fetches; the gateway's default when no implementation is on the class path. */
  PictureFetcher NONE = url ->
      CompletableFuture.failedFuture(new UnsupportedOperationException("no picture fetcher is configured"));

  /**
   * The bytes of the picture at {@code url}.
   *
   * @return the bytes, or a future failed with an exception whose message says why (the URL shown
   *     without its query, which may be a secret, and the rule it broke)
   */
  CompletableFuture<byte[]> fetch(URI url);

  /** The first implementation {@link ServiceLoader} finds, else {@link #NONE}. */
  static PictureFetcher discovered() {
    return ServiceLoader.load(PictureFetcher.class, PictureFetcher.class.getClassLoader())
        .findFirst()
        .orElse(NONE);
  }
}

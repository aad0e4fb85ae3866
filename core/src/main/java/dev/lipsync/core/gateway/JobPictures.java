package dev.lipsync.core.gateway;

import dev.lipsync.core.model.PictureHash;
import dev.lipsync.core.model.PictureHashes;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The face pictures of one job: each fetched at most once however many sessions show it, several at
 * once, and hashed ({@link PictureHash}). A picture that cannot be fetched or decoded is kept as the
 * reason, so a choice that needed it can say why it failed.
 */
final class JobPictures {
  private final PictureFetcher fetcher;
  private final Map<URI, CompletableFuture<PictureHash>> pictures = new ConcurrentHashMap<>();

  JobPictures(PictureFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** The hashes of these pictures, once every one is fetched or has failed; never fails itself. */
  CompletableFuture<PictureHashes> hashes(Collection<URI> urls) {
    Map<URI, CompletableFuture<PictureHash>> wanted = new HashMap<>();
    for (URI url : urls) {
      wanted.put(url, pictures.computeIfAbsent(url, this::fetch));
    }
    return CompletableFuture.allOf(wanted.values().stream()
            .map(f -> f.exceptionally(e -> null))
            .toArray(CompletableFuture[]::new))
        .thenApply(all -> {
          Map<URI, PictureHash> hashes = new HashMap<>();
          Map<URI, String> failures = new HashMap<>();
          wanted.forEach((url, picture) -> {
            try {
              hashes.put(url, picture.join());
            } catch (CompletionException e) {
              Throwable cause = e.getCause() != null ? e.getCause() : e;
              failures.put(url, cause.getMessage() != null ? cause.getMessage() : cause.toString());
            }
          });
          return new PictureHashes(hashes, failures);
        });
  }

  private CompletableFuture<PictureHash> fetch(URI url) {
    CompletableFuture<byte[]> bytes;
    try {
      bytes = fetcher.fetch(url);
    } catch (RuntimeException e) {
      bytes = CompletableFuture.failedFuture(e);
    }
    return bytes.thenApply(data -> {
      try {
        return PictureHash.decode(data);
      } catch (IOException e) {
        throw new CompletionException(new IOException(PictureHashes.shown(url) + " is " + e.getMessage(), e));
      }
    });
  }
}

package dev.lipsync.support;

import dev.lipsync.core.gateway.PictureFetcher;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PictureFetcher} the gateway finds on the class path. A face picture's URL comes from a
 * vendor's answer or from the application, so it is treated as untrusted:
 *
 * <ul>
 *   <li>https only; plain http only to a loopback host (simulators), judged by its address;
 *   <li>never into a private network (10/8, 172.16/12, 192.168/16, 100.64/10, link-local,
 *       unique-local), whether the URL names the address, its host resolves to it or a redirect leads
 *       there ({@link NetworkRules});
 *   <li>redirects followed only when they keep the scheme, host and port, at most five, as a result
 *       download's are ({@link NetworkRules#redirectRefusal});
 *   <li>the answer must be an image ({@code image/*}) or an opaque {@code application/octet-stream};
 *   <li>at most {@value #DEFAULT_MAX_BYTES} bytes (2 MiB; thumbnails are small), whether {@code
 *       Content-Length} announces more or the body turns out longer;
 *   <li>10 s for one whole fetch; no credentials sent (no authenticator, no
 *       cookies);
 *   <li>asynchronous: cancelling the future returned cancels the call.
 * </ul>
 *
 * A failed future's exception, an {@link java.io.IOException}, names the URL without its query, which may be a pre-signed secret, and the rule
 * it broke, e.g. {@code https://cdn.example/f.png content type text/html is not an image}. Thread-safe.
 */
public final class FacePictureFetcher implements PictureFetcher {
  /** The default size cap: 2 MiB. */
  public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024;

  static final long TIMEOUT_SECONDS = 10;

  private final UntrustedFetch fetch;

  /** Fetches with the vendors' shared client (its pool and daemon threads). */
  public FacePictureFetcher() {
    this(VendorHttp.sharedClient());
  }

  /**
   * Fetches with {@code client}, e.g. one that shares the application's connection pool; its redirect,
   * timeout, DNS, authenticator and cookie settings are replaced by the rules above.
   */
  public FacePictureFetcher(OkHttpClient client) {
    this(client, DEFAULT_MAX_BYTES);
  }

  /** With another size cap: for tests, which need no 2 MiB bodies. */
  FacePictureFetcher(OkHttpClient client, long maxBytes) {
    this.fetch = new UntrustedFetch(Objects.requireNonNull(client, "client == null"), "picture URL",
        Duration.ofSeconds(TIMEOUT_SECONDS), maxBytes,
        "more than the " + maxBytes + " bytes allowed for a face picture", FacePictureFetcher::refusal, true);
  }

  @Override
  public CompletableFuture<byte[]> fetch(URI url) {
    Objects.requireNonNull(url, "url == null");
    return fetch.fetch(url.toString(), (shown, fetched) -> fetched.bytes());
  }

  private static @Nullable String refusal(@Nullable MediaType type) {
    if (type == null) {
      return "gave no content type, so it is not known to be an image (image/* or application/octet-stream)";
    }
    String kind = type.type().toLowerCase(Locale.ROOT);
    String subtype = type.subtype().toLowerCase(Locale.ROOT);
    if (kind.equals("image") || (kind.equals("application") && subtype.equals("octet-stream"))) {
      return null;
    }
    return "content type " + kind + "/" + subtype + " is not an image (image/* or application/octet-stream)";
  }
}

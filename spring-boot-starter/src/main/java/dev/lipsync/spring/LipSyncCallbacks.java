package dev.lipsync.spring;

import dev.lipsync.core.gateway.CallbackTokens;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the application's web server takes vendors' callbacks, from {@code lipsync.callbacks.*}: the
 * path ({@code POST <path>/<vendor>/<token>}), the tokens (one per vendor, derived from the master
 * secret by {@link CallbackTokens}) and, where a public URL is set, the callback URL each vendor is
 * given: {@code <public-url><path>/<vendor>/<token>}. The starter gives its gateway these URLs for
 * every job without one of its own; an application that makes its own {@code LipSyncGateway} can
 * inject this bean and pass {@code callbacks::callbackUrl} to {@code
 * LipSyncGateway.Builder#callbackUrls}. A URL holds its vendor's token: keep it out of logs. Immutable
 * and thread-safe; {@link #toString()} shows no token.
 */
public final class LipSyncCallbacks {
  private final String path;
  private final CallbackTokens tokens;
  private final @Nullable String publicUrl;
  private final int maxBodyBytes;

  /**
   * @param path the path vendors post under, e.g. {@code /lipsync/callbacks}
   * @param tokens each vendor's token
   * @param publicUrl the URL at which vendors reach the application (no trailing slash), or null
   * @param maxBodyBytes the largest body taken
   */
  LipSyncCallbacks(String path, CallbackTokens tokens, @Nullable String publicUrl, int maxBodyBytes) {
    this.path = Objects.requireNonNull(path, "path");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.publicUrl = publicUrl;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The path vendors post under, before {@code /<vendor>/<token>}; e.g. {@code /lipsync/callbacks}. */
  public String path() {
    return path;
  }

  /** The configured public URL, without a trailing slash, if any. */
  public Optional<String> publicUrl() {
    return Optional.ofNullable(publicUrl);
  }

  /**
   * The URL to give {@code vendor} for its callbacks: {@code <public-url><path>/<vendor>/<token>}; null
   * without a public URL (the shape {@code LipSyncGateway.Builder#callbackUrls} takes: no URL, the task
   * is polled). It holds the vendor's token: a secret.
   *
   * @throws IllegalArgumentException if {@code vendor} is not a vendor id
   */
  public @Nullable URI callbackUrl(String vendor) {
    return publicUrl == null ? null : URI.create(publicUrl + path + "/" + vendor + "/" + tokens.tokenFor(vendor));
  }

  CallbackTokens tokens() {
    return tokens;
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Where callbacks go, never a token or the secret. */
  @Override
  public String toString() {
    return "LipSyncCallbacks[" + (publicUrl == null ? "" : publicUrl) + path + "/<vendor>/<token hidden>]";
  }
}

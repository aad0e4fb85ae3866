package dev.lipsync.download;

import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.support.NetworkRules;
import dev.lipsync.support.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Downloads a finished video to a file. A vendor's result URL comes from the vendor's answer, so it is
 * treated as untrusted input:
 *
 * <ul>
 *   <li>https only (plain http only to a loopback host, e.g. a simulator, judged by the address it
 *       resolves to);
 *   <li>never into the application's own network: a host whose address is private, link-local or
 *       unique-local is refused, whether the URL names it, a name resolves to it or a redirect leads
 *       there ({@link NetworkRules}), unless {@link Builder#allowPrivateNetworks};
 *   <li>redirects are followed only when they keep the scheme, host and port, at most {@value
 *       #MAX_REDIRECTS} of them;
 *   <li>the answer must be a video ({@code video/*}) or an opaque {@code application/octet-stream};
 *   <li>at most {@link Builder#maxBytes} bytes are read, whatever {@code Content-Length} says;
 *   <li>the bytes go to a temporary file beside the target, moved into place only once complete, so no
 *       partial file ever stands under the final name.
 * </ul>
 *
 * No credentials are sent: result URLs are public or pre-signed. Thread-safe; blocking.
 *
 * <pre>{@code
 * Path video = ResultDownloader.create().download(result.videos().get(0), Path.of("out.mp4"));
 * }</pre>
 */
public final class ResultDownloader {
  /** The default size cap: 512 MiB, well above a 60-second 1080p result. */
  public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

  /** The default bound on a whole download. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  static final int MAX_REDIRECTS = 5;
  private static final int BUFFER = 64 * 1024;

  private final OkHttpClient client;
  private final long maxBytes;
  private final boolean allowPrivateNetworks;

  private ResultDownloader(Builder builder) {
    OkHttpClient base = builder.client != null ? builder.client : new OkHttpClient();
    this.allowPrivateNetworks = builder.allowPrivateNetworks;
    this.client = base.newBuilder()
        .followRedirects(false)
        .followSslRedirects(false)
        .callTimeout(builder.timeout)
        .dns(NetworkRules.dns(base.dns(), allowPrivateNetworks))
        .addNetworkInterceptor(NetworkRules.connections(allowPrivateNetworks))
        .build();
    this.maxBytes = builder.maxBytes;
  }

  /** A downloader with the defaults: 512 MiB cap, 10 minutes per download. */
  public static ResultDownloader create() {
    return builder().build();
  }

  /** Starts a downloader with other settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Downloads {@code video} to {@code target}; see {@link #download(URI, Path)}. */
  public Path download(ResultVideo video, Path target) throws IOException {
    return download(video.url(), target);
  }

  /**
   * Downloads {@code url} to {@code target}, replacing a file already there only once the download is
   * complete.
   *
   * @return {@code target}
   * @throws DownloadException naming the URL and the rule it broke, or the failure of the transfer
   * @throws IOException if the target's directory cannot be written
   */
  public Path download(URI url, Path target) throws IOException {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(target, "target == null");
    HttpUrl current = checkedUrl(url, url.toString(), allowPrivateNetworks);
    for (int redirects = 0; ; redirects++) {
      try (Response response = client.newCall(new Request.Builder().url(current).get().build()).execute()) {
        if (response.isRedirect()) {
          if (redirects == MAX_REDIRECTS) {
            throw new DownloadException(url, "more than " + MAX_REDIRECTS + " redirects");
          }
          current = redirectTarget(url, current, response.header("Location"));
          continue;
        }
        if (!response.isSuccessful()) {
          throw new DownloadException(url, "HTTP " + response.code());
        }
        return save(url, response.body(), target);
      } catch (DownloadException e) {
        throw e;
      } catch (IOException e) {
        throw new DownloadException(url, e.getMessage() != null ? e.getMessage() : e.toString(), e);
      }
    }
  }

  private static HttpUrl checkedUrl(URI original, String url, boolean allowPrivate) throws DownloadException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new DownloadException(original, "\"" + url + "\" is not an absolute http or https URL");
    }
    String refused = NetworkRules.check(parsed, allowPrivate);
    if (refused != null) {
      throw new DownloadException(original, "\"" + url + "\" " + refused);
    }
    return parsed;
  }

  static HttpUrl redirectTarget(URI original, HttpUrl from, @Nullable String location)
      throws DownloadException {
    HttpUrl to = location == null ? null : from.resolve(location);
    if (to == null) {
      throw new DownloadException(original, "a redirect without a usable Location");
    }
    String refused = NetworkRules.redirectRefusal(from, to);
    if (refused != null) {
      throw new DownloadException(original, refused);
    }
    return to;
  }

  private Path save(URI url, ResponseBody body, Path target) throws IOException {
    MediaType type = body.contentType();
    if (!isVideo(type)) {
      throw new DownloadException(url,
          "content type " + (type == null ? "(none)" : type.toString()) + " is not a video (video/* or application/octet-stream)");
    }
    long declared = body.contentLength();
    if (declared > maxBytes) {
      throw new DownloadException(url, declared + " bytes announced, more than the cap of " + maxBytes);
    }
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path partial = Files.createTempFile(directory, "." + absolute.getFileName(), ".part");
    boolean moved = false;
    try {
      try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(partial)) {
        copyAtMost(url, in, out);
      }
      move(partial, absolute);
      moved = true;
      return target;
    } finally {
      if (!moved) {
        Files.deleteIfExists(partial);
      }
    }
  }

  private void copyAtMost(URI url, InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > maxBytes) {
        throw new DownloadException(url, "more than the cap of " + maxBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
  }

  private static void move(Path partial, Path target) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this is a rename on every common file system; the fallback is for the rest.
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean isVideo(@Nullable MediaType type) {
    if (type == null) {
      return false;
    }
    String kind = type.type().toLowerCase(Locale.ROOT);
    String subtype = type.subtype().toLowerCase(Locale.ROOT);
    return kind.equals("video") || (kind.equals("application") && subtype.equals("octet-stream"));
  }

  /** Builds a {@link ResultDownloader}. Not thread-safe. */
  public static final class Builder {
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable OkHttpClient client;
    private boolean allowPrivateNetworks;

    private Builder() {}

    /**
     * Whether results may be fetched from an address in a private network (10/8, 172.16/12,
     * 192.168/16, 100.64/10, link-local, unique-local); default false, since the URL comes from a
     * vendor's answer and must not lead into the application's own network. Loopback is always allowed.
     */
    public Builder allowPrivateNetworks(boolean allow) {
      this.allowPrivateNetworks = allow;
      return this;
    }

    /**
     * The most bytes a download may have; default {@value #DEFAULT_MAX_BYTES}.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes: " + maxBytes + " must be positive");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * The longest one download may take; default 10 minutes.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Timeouts.requirePositive("timeout", timeout);
      return this;
    }

    /** An OkHttp client to derive from (its pool and dispatcher are shared); optional. */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** The downloader. */
    public ResultDownloader build() {
      return new ResultDownloader(this);
    }
  }
}

package dev.lipsync.download;

import java.io.IOException;
import java.net.URI;

/**
 * A result video could not be downloaded: the URL, the answer, its size or its content type broke a
 * rule, or the transfer failed. The message names the URL and the rule. Nothing stands under the
 * target file's name afterwards that was not there before.
 */
public final class DownloadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final URI url;

  DownloadException(URI url, String problem) {
    this(url, problem, null);
  }

  DownloadException(URI url, String problem, Throwable cause) {
    super("download of " + url + " failed: " + problem, cause);
    this.url = url;
  }

  /** The URL that was to be downloaded. */
  public URI url() {
    return url;
  }
}

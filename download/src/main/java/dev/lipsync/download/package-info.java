/**
 * Fetching a finished video to a file, for applications: {@link dev.lipsync.download.ResultDownloader}
 * treats the vendor's result URL as untrusted (https only, same-host redirects, content type and size
 * checked) and never leaves a partial file under the final name.
 */
@NullMarked
package dev.lipsync.download;

import org.jspecify.annotations.NullMarked;

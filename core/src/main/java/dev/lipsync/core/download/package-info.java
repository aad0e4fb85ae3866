/**
 * Fetching a finished video to a file: {@link dev.lipsync.core.download.ResultDownloader} checks the
 * URL, the size and the content type, and never leaves a partial file under the final name.
 */
@NullMarked
package dev.lipsync.core.download;

import org.jspecify.annotations.NullMarked;

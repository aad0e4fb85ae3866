/**
 * Fetching a finished video to a file: {@link dev.lipsync.support.download.ResultDownloader} checks the
 * URL, the size and the content type, and never leaves a partial file under the final name.
 */
@NullMarked
package dev.lipsync.support.download;

import org.jspecify.annotations.NullMarked;

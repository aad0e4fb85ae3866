package dev.lipsync.support;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Refuses a vendor's answer larger than a cap before it is read into memory: at once when its {@code
 * Content-Length} says so, otherwise as soon as more bytes arrive than the cap allows. A vendor's JSON
 * answers are a few kilobytes; megabytes mean something is wrong (a proxy's page, a loop, an attack),
 * and reading it all would cost memory for every task in flight. The failure is an {@link IOException}
 * raised after the answer started, which {@link VendorCallAdapterFactory} reports as an unreadable
 * answer: a protocol error, or an unknown outcome for a paid submit.
 */
final class AnswerSizeLimit {
  /** How much is read at a time, so that the cap is overrun by at most this much before it is seen. */
  private static final long CHUNK = 8192;

  private final long maxBytes;

  AnswerSizeLimit(long maxBytes) {
    this.maxBytes = requirePositive(maxBytes);
  }

  /**
   * Reads the whole of {@code body} into memory and closes it.
   *
   * @throws IOException if it is larger than the cap, or cannot be read
   */
  Buffer read(ResponseBody body) throws IOException {
    try (body) {
      long declared = body.contentLength();
      if (declared > maxBytes) {
        throw tooLarge(declared + " bytes");
      }
      BufferedSource source = body.source();
      Buffer read = new Buffer();
      while (source.read(read, CHUNK) != -1) {
        if (read.size() > maxBytes) {
          throw tooLarge("more than that");
        }
      }
      return read;
    }
  }

  static long requirePositive(long maxAnswerBytes) {
    if (maxAnswerBytes <= 0) {
      throw new IllegalArgumentException("maxAnswerBytes: " + maxAnswerBytes + " must be positive");
    }
    return maxAnswerBytes;
  }

  private IOException tooLarge(String size) {
    return new IOException("the answer is larger than the " + maxBytes + "-byte cap (" + size + ")");
  }
}

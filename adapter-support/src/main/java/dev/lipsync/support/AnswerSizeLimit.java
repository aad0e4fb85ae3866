package dev.lipsync.support;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Refuses a vendor's answer larger than a cap before it is read into memory: at once when its {@code
 * Content-Length} says so, otherwise as soon as more bytes arrive than the cap allows. A vendor's JSON
 * answers are a few kilobytes; megabytes mean something is wrong (a proxy's page, a loop, an attack),
 * and reading it all would cost memory for every task in flight. The failure is an {@link IOException}
 * raised after the answer started, which {@link VendorCallAdapterFactory} reports as an unreadable
 * answer: a protocol error, or an unknown outcome for a paid submit.
 */
final class AnswerSizeLimit implements Interceptor {
  private final long maxBytes;

  AnswerSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    long declared = body.contentLength();
    if (declared > maxBytes) {
      response.close();
      throw tooLarge(declared + " bytes");
    }
    ResponseBody capped = ResponseBody.create(
        Okio.buffer(new ForwardingSource(body.source()) {
          private long read;

          @Override
          public long read(Buffer sink, long byteCount) throws IOException {
            long n = super.read(sink, byteCount);
            if (n > 0) {
              read += n;
              if (read > maxBytes) {
                throw tooLarge("more than that");
              }
            }
            return n;
          }
        }),
        body.contentType(),
        declared);
    return response.newBuilder().body(capped).build();
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

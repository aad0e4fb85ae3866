package dev.lipsync.support;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Masks the vendor's key in every answer where the answer enters the library, before anything parses,
 * truncates, logs or wraps what the vendor said: a vendor that quotes the key back (in an error's code
 * or message, a task's failure message, a status word) then cannot make it appear anywhere. The whole
 * answer is read here, within {@link AnswerSizeLimit}'s cap; a vendor's answers are a few kilobytes.
 * Callbacks, which do not come through the HTTP client, are masked the same way by {@link
 * CallbackBodies}.
 */
final class KeyMasking implements Interceptor {
  private final ApiKey key;

  KeyMasking(ApiKey key) {
    this.key = key;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    String text;
    try (body) {
      text = body.string();
    }
    return response.newBuilder().body(ResponseBody.create(key.redact(text), type)).build();
  }
}

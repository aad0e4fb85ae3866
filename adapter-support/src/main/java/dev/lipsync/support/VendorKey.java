package dev.lipsync.support;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Where the vendor's key meets the wire. It goes on each request as its {@code Authorization} header
 * as the request leaves the library, after the interceptors of an application's own client, so that
 * none of them (a logging one) sees it. And it is masked in every answer where the answer enters the
 * library, before anything parses, truncates, logs or wraps what the vendor said: a vendor that quotes
 * the key back (in an error's code or message, a task's failure message, a status word) then cannot
 * make it appear anywhere. The whole answer is read here, within {@link AnswerSizeLimit}'s cap; a
 * vendor's answers are a few kilobytes. Callbacks, which do not come through the HTTP client, are
 * masked the same way by {@link CallbackBodies}.
 *
 * <p>An answer is decoded and encoded again only when its bytes hold the start of a secret: in a
 * charset where text in ASCII is the same bytes (UTF-8, the vendors' own), a secret, which is printable
 * ASCII, can only appear in the text where its bytes appear. Every other answer is passed on as the
 * bytes read, which spares each status poll a decoding and an encoding of its answer.
 */
final class VendorKey implements Interceptor {
  /** Charsets in which ASCII text is its own bytes, and no other character's bytes hold an ASCII byte. */
  private static final Set<Charset> ASCII_BYTES =
      Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII, StandardCharsets.ISO_8859_1);

  private final Supplier<String> authorization;
  private final ApiKey key;
  private final AnswerSizeLimit limit;

  /**
   * @param authorization the {@code Authorization} header's value for the next request
   * @param key the secrets to mask in answers
   * @param limit the cap on an answer's size
   */
  VendorKey(Supplier<String> authorization, ApiKey key, AnswerSizeLimit limit) {
    this.authorization = authorization;
    this.key = key;
    this.limit = limit;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(
        chain.request().newBuilder().header("Authorization", authorization.get()).build());
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    Buffer bytes;
    try {
      bytes = limit.read(body);
    } catch (IOException e) {
      response.close();
      throw e;
    }
    ResponseBody masked = asciiBytes(type, bytes) && !key.mayAppearIn(bytes)
        ? ResponseBody.create(bytes, type, bytes.size())
        : ResponseBody.create(key.redact(ResponseBody.create(bytes, type, bytes.size()).string()), type);
    return response.newBuilder().body(masked).build();
  }

  /**
   * Whether the answer's text is read in a charset where ASCII is its own bytes: its declared one, or
   * UTF-8 when it declares none, unless a byte order mark says UTF-16 or UTF-32 (as OkHttp reads it).
   */
  private static boolean asciiBytes(MediaType type, Buffer bytes) {
    Charset declared = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
    if (declared == null || !ASCII_BYTES.contains(declared)) {
      return false;
    }
    if (bytes.size() < 2) {
      return true;
    }
    byte first = bytes.getByte(0);
    // FE FF, FF FE: UTF-16 (and FF FE 00 00, UTF-32LE); 00 00 FE FF: UTF-32BE.
    return first != (byte) 0xFE && first != (byte) 0xFF && first != 0;
  }
}

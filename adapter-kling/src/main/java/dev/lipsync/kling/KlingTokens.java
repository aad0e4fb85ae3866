package dev.lipsync.kling;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The tokens Kling takes instead of a key, as its developer documentation describes them: a JWT signed
 * HS256 with the secret key, header {@code {"alg":"HS256","typ":"JWT"}}, claims {@code iss} = the access
 * key, {@code exp} = now + {@value #LIFETIME_SECONDS} s and {@code nbf} = now − {@value
 * #NOT_BEFORE_SKEW_SECONDS} s (a little in the past, so a server whose clock lags still accepts it).
 *
 * <p>One token serves every call until {@value #RENEW_BEFORE_EXPIRY_SECONDS} s before it expires, so a
 * call queued or retried near the end of its life never carries an expired token; then the next call
 * gets a new one. Times are whole seconds of the injected clock, as JWT's NumericDate is.
 *
 * <p>The token is a secret like the keys: {@link #toString()} shows neither. Thread-safe.
 */
final class KlingTokens implements Supplier<String> {
  static final long LIFETIME_SECONDS = 1_800;
  static final long NOT_BEFORE_SKEW_SECONDS = 5;
  static final long RENEW_BEFORE_EXPIRY_SECONDS = 300;
  /** HS256 takes a key of at least 256 bits (RFC 7518, section 3.2); the JWT library refuses less. */
  static final int MIN_SECRET_BYTES = 32;

  /**
   * The header exactly as Kling documents it. Parsed from its text, so the library signs these bytes in
   * this order rather than its own serialization of the same members, and every token is predictable.
   */
  private static final JWSHeader HEADER = header("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

  private final String accessKey;
  private final MACSigner signer;
  private final Clock clock;
  private @Nullable String token;
  private Instant renewAt = Instant.MIN;

  /**
   * @throws IllegalArgumentException if the secret key is shorter than {@value #MIN_SECRET_BYTES} bytes
   *     (the message never shows it)
   */
  KlingTokens(String accessKey, String secretKey, Clock clock) {
    this.accessKey = accessKey;
    this.clock = clock;
    try {
      this.signer = new MACSigner(secretKey.getBytes(StandardCharsets.UTF_8));
    } catch (KeyLengthException e) {
      throw new IllegalArgumentException("secretKey: shorter than " + MIN_SECRET_BYTES
          + " bytes, too short to sign HS256 tokens (Kling's secret keys are 32 characters)");
    }
  }

  /** The token to send now: the current one, or a new one once the current is near its expiry. */
  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    String current = token;
    if (current != null && now.isBefore(renewAt)) {
      return current;
    }
    long seconds = now.getEpochSecond();
    current = sign(seconds);
    token = current;
    renewAt = Instant.ofEpochSecond(seconds + LIFETIME_SECONDS - RENEW_BEFORE_EXPIRY_SECONDS);
    return current;
  }

  private String sign(long nowSeconds) {
    // In the documented order, as the header is: iss, exp, nbf (NumericDate: whole seconds).
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", accessKey);
    claims.put("exp", nowSeconds + LIFETIME_SECONDS);
    claims.put("nbf", nowSeconds - NOT_BEFORE_SKEW_SECONDS);
    JWSObject jwt = new JWSObject(HEADER, new Payload(JSONObjectUtils.toJSONString(claims)));
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      // The key length was checked when built, and HMAC-SHA256 is in every Java runtime.
      throw new IllegalStateException("the Kling token could not be signed (" + e.getClass().getSimpleName() + ")");
    }
    return jwt.serialize();
  }

  private static JWSHeader header(String json) {
    try {
      JWSHeader header = JWSHeader.parse(Base64URL.encode(json));
      if (!header.getAlgorithm().equals(JWSAlgorithm.HS256)) {
        throw new IllegalStateException("not an HS256 header: " + json);
      }
      return header;
    } catch (ParseException e) {
      throw new IllegalStateException("unreadable JWS header " + json, e);
    }
  }

  @Override
  public String toString() {
    return "KlingTokens[****]";
  }
}

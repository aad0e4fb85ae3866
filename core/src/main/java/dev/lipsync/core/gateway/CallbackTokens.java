package dev.lipsync.core.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The secret token in each vendor's callback URL, derived from one master secret: every endpoint that
 * takes callbacks (the example's Jetty {@code CallbackEndpoint}, the Spring Boot starter's controller)
 * derives and checks tokens here, so a URL one of them gives out is one the other accepts.
 *
 * <pre>{@code
 * CallbackTokens tokens = CallbackTokens.of(storedSecret);
 * URI url = URI.create("https://hooks.example.com/callbacks/kling/" + tokens.tokenFor("kling"));
 * ...
 * if (!tokens.matches(vendorFromPath, tokenFromPath)) { answer 404 }
 * }</pre>
 *
 * <p><b>Why a token per vendor.</b> No vendor signs its callbacks, so anyone who knows a callback URL
 * could post a finished task. A vendor's token is {@code base64url(HMAC-SHA256(master secret, vendor
 * id))} without padding (the key is the master secret's ASCII bytes, the message the vendor id's UTF-8
 * bytes): one vendor's token says nothing about another's, so a vendor (or whoever learned one vendor's
 * URL) cannot post as another. Tokens are compared in constant time ({@link MessageDigest#isEqual}), so
 * how long a refusal takes says nothing about how much of a token was right.
 *
 * <p>The master secret is at least {@value #MIN_SECRET_CHARS} characters of A-Z, a-z, 0-9, '-' and '_'
 * (URL-safe, so it can live in a property or an environment variable as it is). Keep it with the
 * application's other secrets and give the same one after a restart: vendors call back, sometimes for
 * half an hour, at the URL a task was submitted with. Neither the secret nor a token is ever part of a
 * message or {@link #toString()}. Immutable and thread-safe.
 */
public final class CallbackTokens {
  /** The fewest characters a master secret has: 32 URL-safe characters carry 192 bits. */
  public static final int MIN_SECRET_CHARS = 32;

  private static final String HMAC = "HmacSHA256";
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{" + MIN_SECRET_CHARS + ",}");
  /** A vendor id as every adapter spells it; anything else cannot be a vendor's path segment. */
  private static final Pattern VENDOR = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private CallbackTokens(String masterSecret) {
    this.key = new SecretKeySpec(masterSecret.getBytes(StandardCharsets.US_ASCII), HMAC);
  }

  /**
   * Tokens derived from {@code masterSecret}.
   *
   * @throws IllegalArgumentException if it breaks {@link #checkMasterSecret the rule}; the message never
   *     shows the secret
   */
  public static CallbackTokens of(String masterSecret) {
    checkMasterSecret("masterSecret", masterSecret);
    return new CallbackTokens(masterSecret);
  }

  /**
   * Tokens from a {@linkplain #newMasterSecret() new random master secret}: valid until the process
   * ends, so the callback URLs of tasks submitted before a restart stop working after it (polling then
   * finds those tasks' ends).
   */
  public static CallbackTokens random() {
    return new CallbackTokens(newMasterSecret());
  }

  /** A new master secret: 256 random bits, base64url without padding (43 characters). */
  public static String newMasterSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Checks a master secret: at least {@value #MIN_SECRET_CHARS} characters, each of A-Z, a-z, 0-9, '-'
   * and '_'.
   *
   * @param name what the secret is called where it was given (a builder's setter, a property), for the
   *     message
   * @throws IllegalArgumentException if it is not; the message names it and says the rule and the
   *     secret's length, never the secret
   */
  public static void checkMasterSecret(String name, String masterSecret) {
    Objects.requireNonNull(masterSecret, name + " == null");
    if (!SECRET.matcher(masterSecret).matches()) {
      throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_CHARS
          + " characters of A-Z, a-z, 0-9, '-' and '_' (got " + masterSecret.length() + " characters)");
    }
  }

  /** Whether {@code vendor} is a vendor id that can stand in a callback URL's path. */
  public static boolean isVendorId(@Nullable String vendor) {
    return vendor != null && VENDOR.matcher(vendor).matches();
  }

  /**
   * The token of {@code vendor}'s callback URL: {@code base64url(HMAC-SHA256(master secret, vendor))},
   * 43 characters.
   *
   * @throws IllegalArgumentException if {@code vendor} is not a vendor id ({@link #isVendorId})
   */
  public String tokenFor(String vendor) {
    Objects.requireNonNull(vendor, "vendor == null");
    if (!isVendorId(vendor)) {
      throw new IllegalArgumentException("vendor \"" + vendor
          + "\" must be 1 to 32 lower-case letters, digits or dashes, starting with a letter");
    }
    try {
      // A Mac is not thread-safe, and one is cheap to make.
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(vendor.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no " + HMAC, e);
    }
  }

  /**
   * Whether {@code token} is {@code vendor}'s token, compared in constant time. False, never an
   * exception, for anything else: a missing token, a vendor id that is not one, another vendor's token.
   */
  public boolean matches(@Nullable String vendor, @Nullable String token) {
    if (token == null || !isVendorId(vendor)) {
      return false;
    }
    byte[] expected = tokenFor(vendor).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8));
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "CallbackTokens[master secret hidden]";
  }
}

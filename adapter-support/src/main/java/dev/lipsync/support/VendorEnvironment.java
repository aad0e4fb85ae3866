package dev.lipsync.support;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A vendor's API key and base URL as its environment variables give them, read for {@link
 * VendorBuilder#fromEnvironment}: the key variable unset or blank means the vendor is not configured;
 * the base-URL variable, when set and not blank, replaces the vendor's own base URL. Both values are
 * stripped of surrounding white space. Nothing is checked here; the builder checks both. Immutable;
 * {@link #toString()} never shows the key.
 */
final class VendorEnvironment {
  private final String apiKey;
  private final @Nullable String baseUrl;

  private VendorEnvironment(String apiKey, @Nullable String baseUrl) {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
  }

  /**
   * What {@code env} says about one vendor.
   *
   * @return empty when {@code keyVariable} is unset or blank in {@code env}
   */
  public static Optional<VendorEnvironment> read(
      Map<String, String> env, String keyVariable, String baseUrlVariable) {
    Objects.requireNonNull(env, "env == null");
    Objects.requireNonNull(keyVariable, "keyVariable == null");
    Objects.requireNonNull(baseUrlVariable, "baseUrlVariable == null");
    String key = env.get(keyVariable);
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    String baseUrl = env.get(baseUrlVariable);
    return Optional.of(new VendorEnvironment(
        key.strip(), baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip()));
  }

  /** The API key, stripped. */
  public String apiKey() {
    return apiKey;
  }

  /** The base URL the environment gives, stripped, or {@code defaultBaseUrl} when it gives none. */
  public String baseUrlOr(String defaultBaseUrl) {
    Objects.requireNonNull(defaultBaseUrl, "defaultBaseUrl == null");
    return baseUrl != null ? baseUrl : defaultBaseUrl;
  }

  /** Shows the base URL, never the key. */
  @Override
  public String toString() {
    return "VendorEnvironment[apiKey=****, baseUrl=" + (baseUrl != null ? baseUrl : "default") + "]";
  }
}

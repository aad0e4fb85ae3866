package dev.lipsync.support;

import java.util.Objects;

/**
 * Who a vendor is to its adapter: its id, its own base URL, and the environment variables that
 * configure it. An adapter declares it once; its builder and provider take everything else from it.
 *
 * <pre>{@code
 * static final VendorProfile PROFILE =
 *     new VendorProfile("acme", "https://api.acme.example", "ACME_KEY", "ACME_BASE_URL");
 * }</pre>
 *
 * @param id the vendor id, as in {@link dev.lipsync.core.provider.LipSyncProvider#id()}
 * @param defaultBaseUrl the vendor's own base URL: https
 * @param keyVariable the environment variable holding the API key
 * @param baseUrlVariable the environment variable that may hold another base URL (a proxy, a simulator)
 */
public record VendorProfile(String id, String defaultBaseUrl, String keyVariable, String baseUrlVariable) {
  /**
   * Checks the profile.
   *
   * @throws IllegalArgumentException if a value is blank, or the base URL is not https (or http to a
   *     loopback host)
   */
  public VendorProfile {
    requireText("id", id);
    requireText("keyVariable", keyVariable);
    requireText("baseUrlVariable", baseUrlVariable);
    Objects.requireNonNull(defaultBaseUrl, "defaultBaseUrl == null");
    BaseUrls.parse("defaultBaseUrl", defaultBaseUrl);
  }

  private static void requireText(String name, String value) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + ": \"" + value + "\" is blank");
    }
  }
}

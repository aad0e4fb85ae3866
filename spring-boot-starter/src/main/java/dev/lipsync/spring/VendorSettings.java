package dev.lipsync.spring;

import dev.lipsync.core.provider.Pricing;
import dev.lipsync.support.VendorBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Applies a vendor's {@code lipsync.vendors.<vendor>.*} settings to its adapter's builder, the same for
 * every vendor: the key (or its environment variable), the base URL (or its variable), private
 * networks, the request timeout and the price.
 */
final class VendorSettings {
  private VendorSettings() {}

  /** The property of a vendor's key: {@code lipsync.vendors.<vendor>.api-key}. */
  static String keyProperty(String vendor) {
    return property(vendor, "api-key");
  }

  /** {@code lipsync.vendors.<vendor>.<name>}. */
  static String property(String vendor, String name) {
    return LipSyncProperties.PREFIX + ".vendors." + vendor + "." + name;
  }

  /** The property's value, else the environment variable's; null where neither is set (blank is unset). */
  static @Nullable String setting(Environment environment, String property, String variable) {
    String value = environment.getProperty(property);
    if (value == null || value.isBlank()) {
      value = environment.getProperty(variable);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * {@code builder} with the vendor's settings.
   *
   * @param keyVariable the environment variable of its key
   * @param baseUrlVariable the environment variable of another base URL
   * @param published the vendor's published price, which a price set here overrides field by field
   * @throws IllegalArgumentException naming the property (or variable) and the rule, never the key
   */
  static <B extends VendorBuilder<B>> B configure(B builder, String vendor, LipSyncProperties.Vendor settings,
      Environment environment, String keyVariable, String baseUrlVariable, Pricing published) {
    String key = setting(environment, keyProperty(vendor), keyVariable);
    if (key == null) {
      throw new IllegalStateException(keyProperty(vendor) + " and " + keyVariable + " are unset");
    }
    try {
      builder.apiKey(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(keyProperty(vendor) + " (or " + keyVariable + "): " + e.getMessage(), e);
    }
    builder.allowPrivateNetworks(settings.isAllowPrivateNetworks());
    String baseUrl = setting(environment, property(vendor, "base-url"), baseUrlVariable);
    if (baseUrl != null) {
      try {
        builder.baseUrl(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(property(vendor, "base-url") + " (or " + baseUrlVariable + "): "
            + e.getMessage(), e);
      }
    }
    if (settings.getRequestTimeout() != null) {
      builder.requestTimeout(settings.getRequestTimeout());
    }
    if (settings.getPrice().isSet()) {
      builder.pricing(settings.getPrice().over(published));
    }
    return builder;
  }
}

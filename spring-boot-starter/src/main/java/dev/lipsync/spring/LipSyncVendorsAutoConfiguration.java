package dev.lipsync.spring;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.kling.KlingProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * One provider bean for each vendor whose adapter is on the class path and whose key is set (the
 * property {@code lipsync.vendors.<vendor>.api-key} or the vendor's environment variable), configured
 * from {@code lipsync.vendors.<vendor>.*}. A provider bean of the application's own, of that vendor's
 * type, replaces the starter's.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = LipSyncProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LipSyncProperties.class)
public class LipSyncVendorsAutoConfiguration {

  /** CometAPI. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.lipsync.cometapi.CometApiProvider")
  @ConditionalOnVendorKey(vendor = "cometapi", variable = CometApiProvider.KEY_VARIABLE)
  static class CometApi {
    @Bean
    @ConditionalOnMissingBean
    CometApiProvider cometApiProvider(LipSyncProperties properties, Environment environment) {
      return VendorSettings.configure(CometApiProvider.builder(), CometApiProvider.ID,
          properties.getVendors().getCometapi(), environment, CometApiProvider.KEY_VARIABLE,
          CometApiProvider.BASE_URL_VARIABLE, Pricing.unknown()).build();
    }
  }

  /** apimodels.app, in the API variant {@code lipsync.vendors.apimodels.variant} (or {@code APIMODELS_VARIANT}) names. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.lipsync.apimodels.ApiModelsProvider")
  @ConditionalOnVendorKey(vendor = "apimodels", variable = ApiModelsProvider.KEY_VARIABLE)
  static class ApiModels {
    @Bean
    @ConditionalOnMissingBean
    ApiModelsProvider apiModelsProvider(LipSyncProperties properties, Environment environment) {
      ApiModelsProvider.Variant variant = variant(environment);
      return VendorSettings.configure(ApiModelsProvider.builder().variant(variant), ApiModelsProvider.ID,
          properties.getVendors().getApimodels(), environment, ApiModelsProvider.KEY_VARIABLE,
          ApiModelsProvider.BASE_URL_VARIABLE, variant.pricing()).build();
    }

    private static ApiModelsProvider.Variant variant(Environment environment) {
      String property = VendorSettings.property(ApiModelsProvider.ID, "variant");
      String value = VendorSettings.setting(environment, property, ApiModelsProvider.VARIANT_VARIABLE);
      if (value == null) {
        return ApiModelsProvider.Variant.STANDARD;
      }
      try {
        return ApiModelsProvider.Variant.named(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            property + " (or " + ApiModelsProvider.VARIANT_VARIABLE + "): " + e.getMessage(), e);
      }
    }
  }

  /** alad. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.lipsync.alad.AladProvider")
  @ConditionalOnVendorKey(vendor = "alad", variable = AladProvider.KEY_VARIABLE)
  static class Alad {
    @Bean
    @ConditionalOnMissingBean
    AladProvider aladProvider(LipSyncProperties properties, Environment environment) {
      return VendorSettings.configure(AladProvider.builder(), AladProvider.ID, properties.getVendors().getAlad(),
          environment, AladProvider.KEY_VARIABLE, AladProvider.BASE_URL_VARIABLE, Pricing.unknown()).build();
    }
  }

  /** Kling's own API: the access key as its key, and the secret key that signs its tokens. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.lipsync.kling.KlingProvider")
  @ConditionalOnVendorKey(vendor = "kling", variable = KlingProvider.ACCESS_KEY_VARIABLE)
  static class Kling {
    @Bean
    @ConditionalOnMissingBean
    KlingProvider klingProvider(LipSyncProperties properties, Environment environment) {
      LipSyncProperties.Kling settings = properties.getVendors().getKling();
      KlingProvider.Builder builder = VendorSettings.configure(KlingProvider.builder(), KlingProvider.ID, settings,
          environment, KlingProvider.ACCESS_KEY_VARIABLE, KlingProvider.BASE_URL_VARIABLE, Pricing.unknown());
      String property = VendorSettings.property(KlingProvider.ID, "secret-key");
      String secret = VendorSettings.setting(environment, property, KlingProvider.SECRET_KEY_VARIABLE);
      if (secret == null) {
        throw new IllegalArgumentException(property + " (or " + KlingProvider.SECRET_KEY_VARIABLE
            + ") is not set, though Kling's access key is: Kling needs both keys");
      }
      try {
        builder.secretKey(secret);
      } catch (IllegalArgumentException e) {
        // The builder's message never shows the key.
        throw new IllegalArgumentException(property + " (or " + KlingProvider.SECRET_KEY_VARIABLE + "): "
            + e.getMessage(), e);
      }
      if (settings.getUnitPriceUsd() != null) {
        builder.unitPriceUsd(settings.getUnitPriceUsd());
      }
      return builder.build();
    }
  }
}

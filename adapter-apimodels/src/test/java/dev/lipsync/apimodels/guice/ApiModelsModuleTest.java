package dev.lipsync.apimodels.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiModelsModuleTest {
  private static final Key<Map<String, LipSyncProvider>> PROVIDERS =
      Key.get(new TypeLiteral<Map<String, LipSyncProvider>>() {});

  @Test
  void should_add_the_provider_under_its_id_when_the_key_is_set() {
    Injector injector = Guice.createInjector(
        ApiModelsModule.fromEnvironment(Map.of("APIMODELS_KEY", "sk-guice-test-1234")));

    Map<String, LipSyncProvider> providers = injector.getInstance(PROVIDERS);

    assertThat(providers).containsOnlyKeys("apimodels");
    assertThat(providers.get("apimodels")).isInstanceOf(ApiModelsProvider.class);
  }

  @Test
  void should_add_nothing_to_the_declared_map_when_the_key_is_absent() {
    Injector injector = Guice.createInjector(ApiModelsModule.fromEnvironment(Map.of()));

    assertThat(injector.getInstance(PROVIDERS)).isEmpty();
  }

  @Test
  void should_wire_a_provider_built_by_its_builder_as_it_is() {
    ApiModelsProvider provider = ApiModelsProvider.builder().apiKey("sk-guice-test-1234").build();

    Injector injector = Guice.createInjector(new ApiModelsModule(provider));

    assertThat(injector.getInstance(PROVIDERS)).containsExactly(Map.entry("apimodels", provider));
  }
}

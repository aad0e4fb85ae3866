package dev.lipsync.alad.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AladModuleTest {
  private static final String KEY = "sk-alad-guice-8e2f0c";
  private static final Key<Map<String, LipSyncProvider>> PROVIDERS =
      Key.get(new TypeLiteral<Map<String, LipSyncProvider>>() {});

  @Test
  void should_add_alad_to_the_providers_when_its_key_is_set() {
    Map<String, LipSyncProvider> providers = Guice.createInjector(
        AladModule.fromEnvironment(Map.of("ALAD_KEY", KEY))).getInstance(PROVIDERS);

    assertThat(providers).containsOnlyKeys("alad");
    assertThat(providers.get("alad")).isInstanceOf(AladProvider.class);
  }

  @Test
  void should_add_nothing_when_no_key_is_set() {
    Map<String, LipSyncProvider> providers =
        Guice.createInjector(AladModule.fromEnvironment(Map.of())).getInstance(PROVIDERS);

    assertThat(providers).isEmpty();
  }

  @Test
  void should_add_a_provider_built_by_its_builder() {
    AladProvider alad = AladProvider.builder().apiKey(KEY).build();

    Map<String, LipSyncProvider> providers =
        Guice.createInjector(new AladModule(alad)).getInstance(PROVIDERS);

    assertThat(providers).containsExactly(Map.entry("alad", alad));
  }

  @Test
  void should_never_show_the_key() {
    assertThat(AladModule.fromEnvironment(Map.of("ALAD_KEY", KEY)).toString())
        .doesNotContain(KEY).contains("alad");
    assertThat(AladModule.fromEnvironment(Map.of()).toString()).isEqualTo("AladModule[not configured]");
  }
}

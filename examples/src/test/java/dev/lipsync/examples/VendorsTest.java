package dev.lipsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.PollSchedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorsTest {

  @Test
  void should_start_the_simulators_when_no_vendor_key_is_set() {
    try (Vendors vendors = Vendors.fromEnvironment(Map.of("ALAD_KEY", " ", "HOME", "/home/someone"))) {
      assertThat(vendors.simulators()).isPresent();
      Simulators simulators = vendors.simulators().orElseThrow();
      assertThat(vendors.environment())
          .containsEntry("COMETAPI_BASE_URL", simulators.cometapi().baseUrl())
          .containsEntry("APIMODELS_BASE_URL", simulators.apimodels().baseUrl())
          .containsEntry("ALAD_BASE_URL", simulators.alad().baseUrl());
      assertThat(vendors.providers()).extracting(LipSyncProvider::id).containsExactly("cometapi", "apimodels", "alad");
      assertThat(vendors).hasToString("the simulators (no vendor key is set)");
    }
  }

  @Test
  void should_use_the_real_vendors_whose_keys_are_set_at_the_library_pace() {
    Map<String, String> env = Map.of("ALAD_KEY", "sk-real-alad-key", "COMETAPI_KEY", "");
    try (Vendors vendors = Vendors.fromEnvironment(env)) {
      assertThat(vendors.simulators()).isEmpty();
      assertThat(vendors.environment()).isEqualTo(env);
      assertThat(vendors.providers()).extracting(LipSyncProvider::id).containsExactly("alad");
      assertThat(vendors.taskPolls()).isEqualTo(PollSchedule.defaults());
      assertThat(vendors.toString()).contains("ALAD_KEY").doesNotContain("sk-real-alad-key");
    }
  }

  @Test
  void should_build_apimodels_only_when_its_key_is_set() {
    try (Vendors vendors = Vendors.fromEnvironment(Map.of("APIMODELS_KEY", "sk-real-apimodels-key"))) {
      assertThat(vendors.apiModels()).isPresent();
      assertThat(vendors.providers()).extracting(LipSyncProvider::id).containsExactly("apimodels");
    }
    try (Vendors vendors = Vendors.fromEnvironment(Map.of("ALAD_KEY", "sk-real-alad-key"))) {
      assertThat(vendors.apiModels()).isEmpty();
    }
  }

  @Test
  void should_tell_whether_an_environment_names_a_vendor() {
    assertThat(Vendors.namesAVendor(Map.of())).isFalse();
    assertThat(Vendors.namesAVendor(Map.of("COMETAPI_BASE_URL", "https://api.cometapi.com"))).isFalse();
    assertThat(Vendors.namesAVendor(Map.of("APIMODELS_KEY", "\t"))).isFalse();
    assertThat(Vendors.namesAVendor(Map.of("APIMODELS_KEY", "k"))).isTrue();
  }
}

package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import com.google.inject.multibindings.OptionalBinder;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.guice.GatewayModule;
import dev.lipsync.core.guice.VendorModule;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway Guice provides is the gateway the plain builder makes: same scenario, same outcome. */
class WiringTest {

  /** A failover scenario: CometAPI is down, apimodels serves, and the failover is counted. */
  private static void failoverScenario(Function<ThreeVendors, LipSyncGateway> wiring) {
    try (ThreeVendors vendors = new ThreeVendors()) {
      vendors.cometapi.injectAlways(Endpoint.IDENTIFY, Fault.status(503));
      LipSyncGateway gateway = wiring.apply(vendors);

      LipSyncResult result = vendors.await(gateway.run(LipSyncJob.builder()
          .videoUrl("https://example.com/interview.mp4")
          // Served by a simulator: the Guice-wired gateway measures it with the probe it finds itself.
          .audio(AudioSource.url(vendors.alad.audioUrl()))
          .build()).result());

      assertThat(gateway.vendors()).containsExactly("cometapi", "apimodels", "alad");
      assertThat(result.vendor()).isEqualTo("apimodels");
      assertThat(vendors.registry.find("lipsync.failovers")
          .tags("from", "cometapi", "to", "apimodels", "reason", "unavailable").counter().count()).isEqualTo(1);
    }
  }

  private static Map<String, String> env(ThreeVendors vendors) {
    return Map.of(
        "COMETAPI_KEY", ThreeVendors.KEY, "COMETAPI_BASE_URL", vendors.cometapi.baseUrl(),
        "APIMODELS_KEY", ThreeVendors.KEY, "APIMODELS_BASE_URL", vendors.apimodels.baseUrl(),
        "ALAD_KEY", ThreeVendors.KEY, "ALAD_BASE_URL", vendors.alad.baseUrl());
  }

  /** Binds the test's registry and clock, as an application binds its own. */
  private static AbstractModule infrastructure(ThreeVendors vendors) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class).setBinding().toInstance(vendors.registry);
        OptionalBinder.newOptionalBinder(binder(), TaskScheduler.class).setBinding().toInstance(vendors.clock);
      }
    };
  }

  @Test
  void should_fail_over_with_the_plain_builder() {
    failoverScenario(vendors -> vendors.gateway().build());
  }

  @Test
  void should_fail_over_with_guice() {
    failoverScenario(vendors -> Guice.createInjector(
            // CometAPI is called, so it calls through the vendors' client, whose calls under way hold the
            // clock; one made from the environment would call through the library's shared client,
            // unseen, and its back-offs could overtake its answers. alad, never called, comes from there.
            VendorModule.of(vendors.cometapiProvider()),
            // apimodels polls identification itself: on the application's scheduler, here the test clock.
            VendorModule.of(vendors.apimodelsProvider()),
            VendorModule.of(AladProvider.fromEnvironment(env(vendors))),
            infrastructure(vendors),
            new GatewayModule().configure(gateway -> gateway.random(() -> 0.0)))
        .getInstance(LipSyncGateway.class));
  }

  @Test
  void should_choose_and_order_vendors_by_name() {
    try (ThreeVendors vendors = new ThreeVendors()) {
      LipSyncGateway gateway = Guice.createInjector(
              VendorModule.of(CometApiProvider.fromEnvironment(env(vendors))),
              VendorModule.of(AladProvider.fromEnvironment(env(vendors))),
              infrastructure(vendors),
              GatewayModule.withVendors("alad", "cometapi"))
          .getInstance(LipSyncGateway.class);

      assertThat(gateway.vendors()).containsExactly("alad", "cometapi");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"elevenlabs"})
  void should_fail_listing_the_configured_vendors_for_an_unknown_name(String unknown) {
    try (ThreeVendors vendors = new ThreeVendors()) {
      var injector = Guice.createInjector(
          VendorModule.of(CometApiProvider.fromEnvironment(env(vendors))), infrastructure(vendors),
          GatewayModule.withVendors(unknown));

      assertThatThrownBy(() -> injector.getInstance(LipSyncGateway.class))
          .isInstanceOf(ProvisionException.class)
          .hasMessageContaining("Unknown vendor(s) [" + unknown + "]; configured: [cometapi]");
    }
  }

  @Test
  void should_fail_clearly_when_no_vendor_is_configured() {
    var injector = Guice.createInjector(
        VendorModule.of(CometApiProvider.fromEnvironment(Map.of())), new GatewayModule());

    assertThatThrownBy(() -> injector.getInstance(LipSyncGateway.class))
        .isInstanceOf(ProvisionException.class)
        .hasMessageContaining("No vendor is configured");
  }

  @Test
  void should_keep_keys_out_of_module_descriptions() {
    try (ThreeVendors vendors = new ThreeVendors()) {
      assertThat(VendorModule.of(CometApiProvider.fromEnvironment(env(vendors))).toString())
          .doesNotContain(ThreeVendors.KEY);
    }
  }
}

package dev.lipsync.core.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.Lease;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One module wires any adapter's provider into the gateway's map. */
class VendorModuleTest {
  private static final Key<Map<String, LipSyncProvider>> PROVIDERS =
      Key.get(new TypeLiteral<Map<String, LipSyncProvider>>() {});

  private final ScriptedProvider acme = vendor("acme");
  private final ScriptedProvider zeta = vendor("zeta");

  private static ScriptedProvider vendor(String id) {
    return new ScriptedProvider(id, ScriptedProvider.CAPABILITIES, Pricing.unknown());
  }

  @Test
  void should_add_each_provider_under_its_id() {
    Map<String, LipSyncProvider> providers =
        Guice.createInjector(VendorModule.of(acme), VendorModule.of(Optional.of(zeta))).getInstance(PROVIDERS);

    assertThat(providers).containsOnly(Map.entry("acme", acme), Map.entry("zeta", zeta));
  }

  @Test
  void should_add_nothing_for_an_absent_provider_yet_declare_the_map() {
    VendorModule absent = VendorModule.of(Optional.empty());

    assertThat(absent.isConfigured()).isFalse();
    assertThat(VendorModule.of(acme).isConfigured()).isTrue();
    assertThat(Guice.createInjector(absent).getInstance(PROVIDERS)).isEmpty();
    assertThat(absent).hasToString("VendorModule[not configured]");
  }

  @Test
  void should_give_the_gateway_the_vendors_the_modules_added() {
    LipSyncGateway gateway = Guice.createInjector(
        VendorModule.of(acme), VendorModule.of(Optional.empty()), new GatewayModule())
        .getInstance(LipSyncGateway.class);

    assertThat(gateway.vendors()).containsExactly("acme");
  }

  @Test
  void should_give_the_gateway_a_job_store_bound_elsewhere() {
    InMemoryJobStore store = new InMemoryJobStore();
    LipSyncJob job = LipSyncJob.builder().video(VideoSource.url("https://example.com/v.mp4"))
        .audio(AudioSource.url("https://example.com/a.mp3")).build();
    // Carried by a live gateway elsewhere: its lease runs for an hour.
    store.insert(JobRecord.started(job, Instant.EPOCH), new Lease("elsewhere", Instant.now().plusSeconds(3600)));
    try (LipSyncGateway gateway = Guice.createInjector(
        VendorModule.of(acme), new GatewayModule(), binder -> binder.bind(JobStore.class).toInstance(store))
        .getInstance(LipSyncGateway.class)) {

      CompletableFuture<?> result = gateway.run(job).result();

      // The bound store holds the job's key, so the gateway refuses it before sending anything.
      assertThatThrownBy(result::join).hasCauseInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(job.idempotencyKey());
      assertThat(acme.calls("identify")).isZero();
    }
  }

  @Test
  void should_refuse_two_modules_adding_the_same_vendor() {
    assertThatThrownBy(() -> Guice.createInjector(VendorModule.of(acme), VendorModule.of(vendor("acme")))
        .getInstance(PROVIDERS))
        .isInstanceOf(CreationException.class).hasMessageContaining("acme");
  }

  @Test
  void should_name_the_provider_as_its_own_to_string_does() {
    assertThat(VendorModule.of(acme)).hasToString("VendorModule[" + acme + "]");
  }
}

package dev.lipsync.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.tracking.TaskScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Provides the {@link LipSyncGateway} over every provider that the {@link VendorModule}s added to the {@code
 * MapBinder<String, LipSyncProvider>} (one {@link VendorModule} each). The gateway applies the decorators ({@code
 * Metered(Resilient(provider))}) in one place, its builder, exactly as without Guice. A {@link
 * MeterRegistry}, a {@link TaskScheduler} or a {@link JobStore} bound elsewhere is used; otherwise the
 * gateway makes its own.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     VendorModule.of(CometApiProvider.fromEnvironment()),
 *     VendorModule.of(AladProvider.fromEnvironment()),
 *     GatewayModule.withVendors("alad", "cometapi")
 *         .configure(gateway -> gateway.strategy(RoutingStrategy.CHEAPEST)));
 * LipSyncGateway gateway = injector.getInstance(LipSyncGateway.class);
 * }</pre>
 *
 * Immutable; each {@code configure} returns a new module.
 */
public final class GatewayModule extends AbstractModule {
  private final List<String> vendorOrder;
  private final Consumer<LipSyncGateway.Builder> settings;

  /** Every configured vendor, in the order their {@link VendorModule}s were installed. */
  public GatewayModule() {
    this(List.of(), builder -> {});
  }

  private GatewayModule(List<String> vendorOrder, Consumer<LipSyncGateway.Builder> settings) {
    this.vendorOrder = List.copyOf(vendorOrder);
    this.settings = settings;
  }

  /**
   * Only these vendors, in this priority order. Naming a vendor no module configured fails when the
   * injector is created, listing the configured ones.
   */
  public static GatewayModule withVendors(String... vendors) {
    return new GatewayModule(List.of(vendors), builder -> {});
  }

  /** The same module, with further gateway settings (strategy, resilience, timeouts, ...). */
  public GatewayModule configure(Consumer<LipSyncGateway.Builder> more) {
    Objects.requireNonNull(more, "more == null");
    return new GatewayModule(vendorOrder, settings.andThen(more));
  }

  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, LipSyncProvider.class);
    OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
    OptionalBinder.newOptionalBinder(binder(), TaskScheduler.class);
    OptionalBinder.newOptionalBinder(binder(), JobStore.class);
  }

  @Provides
  @Singleton
  LipSyncGateway gateway(
      Map<String, LipSyncProvider> providers,
      Optional<MeterRegistry> registry,
      Optional<TaskScheduler> scheduler,
      Optional<JobStore> jobs) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder().providers(chosen(providers));
    registry.ifPresent(builder::meterRegistry);
    scheduler.ifPresent(builder::scheduler);
    jobs.ifPresent(builder::jobStore);
    settings.accept(builder);
    return builder.build();
  }

  private Map<String, LipSyncProvider> chosen(Map<String, LipSyncProvider> configured) {
    if (configured.isEmpty()) {
      throw new IllegalStateException("No vendor is configured: install at least one VendorModule"
          + " with a provider (fromEnvironment finds none without the vendor's API key).");
    }
    if (vendorOrder.isEmpty()) {
      return configured;
    }
    Map<String, LipSyncProvider> chosen = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String vendor : vendorOrder) {
      LipSyncProvider provider = configured.get(vendor);
      if (provider == null) {
        unknown.add(vendor);
      } else {
        chosen.put(vendor, provider);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown vendor(s) " + unknown + "; configured: " + configured.keySet());
    }
    return chosen;
  }

  @Override
  public String toString() {
    return "GatewayModule[" + (vendorOrder.isEmpty() ? "every configured vendor" : vendorOrder) + "]";
  }
}

package dev.lipsync.spring;

import dev.lipsync.core.gateway.AudioProbe;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.PictureFetcher;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.tracking.TaskScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link LipSyncGateway} over every {@link LipSyncProvider} bean (the starter's, from {@link
 * LipSyncVendorsAutoConfiguration}, and the application's own), as the plain builder makes it: the
 * vendors in the order of their {@code priority}, their weights, the strategy, the resilience settings
 * (with each vendor's own limit of tasks in flight), the poll schedule and the default timeout from
 * {@code lipsync.*}, and the application's {@link MeterRegistry} where it has one. It keeps its jobs
 * in the {@link JobStore} bean where there is one ({@link LipSyncStoreAutoConfiguration}'s, or the
 * application's), with {@code lipsync.store.*}'s lease and recovery, and runs on a {@link TaskScheduler}
 * bean where there is one (its own otherwise); an {@link AudioProbe} or a {@link PictureFetcher} bean
 * replaces how it measures audio and fetches face pictures. Where callbacks are served with a public
 * URL ({@link LipSyncCallbacks}), each vendor is given its own callback URL for a job without one. A
 * {@link LipSyncGateway} bean of the application's own replaces it; without any provider there is
 * none. The context closes it on shutdown: every job in flight ends with its task's reference, and
 * with a durable store the next start carries it on.
 */
@AutoConfiguration(after = LipSyncVendorsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = LipSyncProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LipSyncProperties.class)
public class LipSyncAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LipSyncAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(LipSyncProvider.class)
  LipSyncGateway lipSyncGateway(
      LipSyncProperties properties,
      ObjectProvider<LipSyncProvider> providers,
      ObjectProvider<MeterRegistry> registry,
      ObjectProvider<JobStore> store,
      ObjectProvider<TaskScheduler> scheduler,
      ObjectProvider<AudioProbe> audioProbe,
      ObjectProvider<PictureFetcher> pictureFetcher,
      ObjectProvider<LipSyncCallbacks> callbacks,
      ObjectProvider<ObservationRegistry> observations) {
    Map<String, LipSyncProperties.Vendor> vendors = properties.getVendors().byId();
    List<LipSyncProvider> ordered = new ArrayList<>(providers.orderedStream().toList());
    // A provider of the application's own for a vendor the starter does not know stands first, as 0.
    ordered.sort(Comparator.comparingInt(provider -> {
      LipSyncProperties.Vendor vendor = vendors.get(provider.id());
      return vendor == null ? 0 : vendor.getPriority();
    }));
    LipSyncGateway.Builder gateway = LipSyncGateway.builder()
        .strategy(properties.getStrategy())
        .defaultTimeout(properties.getDefaultTimeout())
        .pollSchedule(properties.getPoll().schedule())
        .learnDurations(properties.getPoll().isLearnDurations())
        .resilience(properties.getResilience().settings(null));
    for (LipSyncProvider provider : ordered) {
      gateway.provider(provider);
      LipSyncProperties.Vendor vendor = vendors.get(provider.id());
      if (vendor != null) {
        gateway.weight(provider.id(), vendor.getWeight());
        if (vendor.getMaxTasksInFlight() != null) {
          gateway.resilience(provider.id(), properties.getResilience().settings(vendor.getMaxTasksInFlight()));
        }
      }
    }
    registry.ifAvailable(gateway::meterRegistry);
    scheduler.ifAvailable(gateway::scheduler);
    audioProbe.ifAvailable(gateway::audioProbe);
    pictureFetcher.ifAvailable(gateway::pictureFetcher);
    store.ifAvailable(jobs -> {
      LipSyncProperties.Store settings = properties.getStore();
      gateway.jobStore(jobs).leaseDuration(settings.getLeaseDuration()).recoverJobs(settings.isRecoverJobs());
      if (settings.getInstanceId() != null) {
        gateway.instanceId(settings.getInstanceId());
      }
    });
    // Each vendor its own callback URL (LipSyncCallbacksAutoConfiguration), where a public URL is set.
    LipSyncCallbacks served = callbacks.getIfAvailable();
    if (served != null) {
      served.publicUrl().ifPresent(url -> gateway.callbackUrls(served::callbackUrl));
    } else if (properties.getCallbacks().getPublicUrl() != null) {
      // Said once at start: otherwise vendors would silently be given no URL, and every task polled.
      log.warn("{}.callbacks.public-url is set, but no callbacks are served here (they need a servlet web "
          + "application with Spring MVC, and {}.callbacks.enabled=true): vendors get no callback URL, and "
          + "tasks are polled", LipSyncProperties.PREFIX, LipSyncProperties.PREFIX);
    }
    // Jobs and vendor calls as observations (lipsync.job, lipsync.vendor.call), in the application's traces.
    observations.ifAvailable(gateway::observationRegistry);
    return gateway.build();
  }
}

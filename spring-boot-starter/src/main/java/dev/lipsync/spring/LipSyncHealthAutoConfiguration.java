package dev.lipsync.spring;

import dev.lipsync.core.gateway.LipSyncGateway;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The gateway's vendors in Actuator's health: a composite contributor {@code lipsync} with one
 * {@link VendorHealthIndicator} per configured vendor, named by its id ({@code
 * /actuator/health/lipsync/kling}). Made where Boot's health API ({@code spring-boot-health}, which
 * Actuator brings) is on the class path and there is a {@link LipSyncGateway} bean; turned off with
 * {@code management.health.lipsync.enabled=false}, or with {@code management.health.defaults.enabled=false}
 * as every indicator is. A bean named {@code lipsyncHealthContributor} of the application's own replaces
 * it.
 *
 * <p>A vendor with an open circuit is DOWN, and so the composite, and by default the application's
 * overall health. An application that fails over between vendors and would rather not report DOWN
 * while one is out can leave {@code lipsync} out of a health group, or map its status, as Boot allows
 * for any indicator.
 */
@AutoConfiguration(after = LipSyncAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(LipSyncGateway.class)
@ConditionalOnEnabledHealthIndicator("lipsync")
public class LipSyncHealthAutoConfiguration {

  /** The {@code lipsync} contributor: the bean's name, less Boot's suffix, is the contributor's name. */
  @Bean
  @ConditionalOnMissingBean(name = "lipsyncHealthContributor")
  CompositeHealthContributor lipsyncHealthContributor(LipSyncGateway gateway) {
    // The gateway's vendors are fixed when it is built, so the indicators are made once, in its order.
    Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
    for (String vendor : gateway.vendors()) {
      indicators.put(vendor, new VendorHealthIndicator(gateway, vendor));
    }
    return CompositeHealthContributor.fromMap(indicators);
  }
}

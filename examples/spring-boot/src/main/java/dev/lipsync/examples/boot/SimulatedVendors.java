package dev.lipsync.examples.boot;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import java.util.List;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With no vendor key in the environment, the CometAPI and alad simulators started in-process, and a
 * provider of each pointed at them: the starter then takes these providers (an application's own
 * provider of a vendor replaces the one it would make) and needs no key. An application with real
 * keys has none of this.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SimulatedVendors.NoVendorKey.class)
class SimulatedVendors {
  private static final String COMETAPI_KEY = "sim-cometapi-key";
  private static final String ALAD_KEY = "sim-alad-key";

  /** The clock the simulators' tasks age on, and the gateway's timers run on (the starter takes this bean). */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  TaskScheduler lipSyncScheduler() {
    return new SystemScheduler();
  }

  /** The HTTP client both providers call through. */
  @Bean
  OkHttpClient simulatorClient() {
    return new OkHttpClient();
  }

  @Bean(destroyMethod = "close")
  CometApiSimulator cometApiSimulator(TaskScheduler clock) {
    return new CometApiSimulator(COMETAPI_KEY, clock).start();
  }

  @Bean(destroyMethod = "close")
  AladSimulator aladSimulator(TaskScheduler clock) {
    return new AladSimulator(ALAD_KEY, clock).start();
  }

  @Bean
  CometApiProvider cometApiProvider(CometApiSimulator simulator, OkHttpClient client) {
    return CometApiProvider.builder().apiKey(COMETAPI_KEY).baseUrl(simulator.baseUrl()).client(client).build();
  }

  @Bean
  AladProvider aladProvider(AladSimulator simulator, OkHttpClient client) {
    return AladProvider.builder().apiKey(ALAD_KEY).baseUrl(simulator.baseUrl()).client(client).build();
  }

  /** The simulators serve a sample audio file; any video URL has their two made-up faces. */
  @Bean
  SampleMedia sampleMedia(CometApiSimulator simulator) {
    return new SampleMedia("https://example.com/interview.mp4", simulator.audioUrl());
  }

  /** Matches when the environment holds no key of a vendor this application has an adapter for. */
  static final class NoVendorKey extends SpringBootCondition {
    private static final List<String> KEYS = List.of(
        CometApiProvider.KEY_VARIABLE, "lipsync.vendors.cometapi.api-key",
        AladProvider.KEY_VARIABLE, "lipsync.vendors.alad.api-key");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      for (String key : KEYS) {
        String value = context.getEnvironment().getProperty(key);
        if (value != null && !value.isBlank()) {
          return ConditionOutcome.noMatch(key + " is set: the real vendors");
        }
      }
      return ConditionOutcome.match("no vendor key is set: the simulators");
    }
  }
}

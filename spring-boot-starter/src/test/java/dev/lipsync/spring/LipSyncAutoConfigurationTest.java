package dev.lipsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.kling.KlingProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Each condition of the starter, on contexts it starts and closes in the test's own thread. */
class LipSyncAutoConfigurationTest {
  private static final String COMETAPI_KEY = "sk-cometapi-test-0123456789";
  private static final String ALAD_KEY = "sk-alad-test-0123456789";
  private static final String KLING_ACCESS_KEY = "AK7f3a9c2e5b1d4e8fa0c6b2d9e1f3a5c7";
  private static final String KLING_SECRET_KEY = "SKb4c8e2f6a0d3c7e1b5f9a2d6c0e4b8f1";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(LipSyncVendorsAutoConfiguration.class, LipSyncAutoConfiguration.class));

  @Test
  void should_make_no_vendor_and_no_gateway_without_a_key() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(LipSyncProvider.class);
      assertThat(context).doesNotHaveBean(LipSyncGateway.class);
    });
  }

  @Test
  void should_make_each_vendor_whose_key_is_set_by_property_or_environment_variable() {
    runner.withPropertyValues(
            "lipsync.vendors.cometapi.api-key=" + COMETAPI_KEY,
            "ALAD_KEY=" + ALAD_KEY,
            "KLING_ACCESS_KEY=" + KLING_ACCESS_KEY,
            "lipsync.vendors.kling.secret-key=" + KLING_SECRET_KEY)
        .run(context -> {
          assertThat(context).hasSingleBean(CometApiProvider.class).hasSingleBean(AladProvider.class)
              .hasSingleBean(KlingProvider.class).doesNotHaveBean(ApiModelsProvider.class);
          assertThat(context.getBean(LipSyncGateway.class).vendors()).containsExactly("cometapi", "alad", "kling");
          for (LipSyncProvider provider : context.getBeansOfType(LipSyncProvider.class).values()) {
            assertThat(provider.toString()).doesNotContain(COMETAPI_KEY, ALAD_KEY, KLING_ACCESS_KEY, KLING_SECRET_KEY);
          }
        });
  }

  @Test
  void should_leave_out_a_vendor_whose_adapter_is_not_on_the_class_path() {
    runner.withClassLoader(new FilteredClassLoader(CometApiProvider.class))
        .withPropertyValues("lipsync.vendors.cometapi.api-key=" + COMETAPI_KEY, "ALAD_KEY=" + ALAD_KEY)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBeansOfType(LipSyncProvider.class).values())
              .singleElement().isInstanceOf(AladProvider.class);
          assertThat(context.getBean(LipSyncGateway.class).vendors()).containsExactly("alad");
        });
  }

  @Test
  void should_make_no_gateway_when_the_only_vendor_s_adapter_is_missing() {
    runner.withClassLoader(new FilteredClassLoader(CometApiProvider.class))
        .withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(LipSyncGateway.class);
        });
  }

  @Test
  void should_back_off_for_the_application_s_own_gateway() {
    LipSyncGateway own = LipSyncGateway.builder().provider(AladProvider.builder().apiKey(ALAD_KEY).build()).build();
    runner.withBean(LipSyncGateway.class, () -> own)
        .withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY)
        .run(context -> {
          assertThat(context).hasSingleBean(LipSyncGateway.class);
          assertThat(context.getBean(LipSyncGateway.class)).isSameAs(own);
        });
  }

  @Test
  void should_use_the_application_s_own_provider_of_a_vendor_instead_of_making_one() {
    CometApiProvider own = CometApiProvider.builder().apiKey("sk-the-application-s-own").build();
    runner.withBean(CometApiProvider.class, () -> own)
        .withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY)
        .run(context -> {
          assertThat(context).hasSingleBean(CometApiProvider.class);
          assertThat(context.getBean(CometApiProvider.class)).isSameAs(own);
          assertThat(context.getBean(LipSyncGateway.class).vendors()).containsExactly("cometapi");
        });
  }

  @Test
  void should_order_vendors_by_priority_and_give_them_the_configured_price() {
    runner.withPropertyValues(
            "COMETAPI_KEY=" + COMETAPI_KEY,
            "ALAD_KEY=" + ALAD_KEY,
            "APIMODELS_KEY=sk-apimodels-test",
            "lipsync.vendors.cometapi.priority=5",
            "lipsync.vendors.alad.priority=-1",
            "lipsync.vendors.cometapi.price.identify-usd=0.01",
            "lipsync.vendors.cometapi.price.five-seconds-usd=0.05",
            "lipsync.vendors.apimodels.variant=Localized",
            "lipsync.vendors.apimodels.price.identify-usd=0.002")
        .run(context -> {
          assertThat(context.getBean(LipSyncGateway.class).vendors()).containsExactly("alad", "apimodels", "cometapi");
          assertThat(context.getBean(CometApiProvider.class).pricing()).isEqualTo(Pricing.of("0.01", "0.05"));
          // One price set over the variant's published ones: the other stays published.
          assertThat(context.getBean(ApiModelsProvider.class).pricing())
              .isEqualTo(Pricing.of("0.002", ApiModelsProvider.LOCALIZED_PRICING.perFiveSecondsUsd().toPlainString()));
          assertThat(context.getBean(AladProvider.class).pricing()).isEqualTo(Pricing.unknown());
        });
  }

  @Test
  void should_close_the_gateway_with_the_context() throws Exception {
    ConfigurableApplicationContext[] started = new ConfigurableApplicationContext[1];
    LipSyncGateway[] gateway = new LipSyncGateway[1];
    runner.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY).run(context -> {
      started[0] = context;
      gateway[0] = context.getBean(LipSyncGateway.class);
    });

    assertThat(started[0].isActive()).isFalse();
    try {
      gateway[0].identify(VideoSource.url("https://example.com/a.mp4")).get(10, TimeUnit.SECONDS);
      throw new AssertionError("a closed gateway answered");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(GatewayClosedException.class);
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void should_say_when_a_public_url_is_set_but_no_callbacks_are_served(CapturedOutput output) {
    runner.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.callbacks.public-url=https://hooks.example.com")
        .run(context -> {
          assertThat(context).hasSingleBean(LipSyncGateway.class).doesNotHaveBean(LipSyncCallbacks.class);
          assertThat(output.getAll()).contains("lipsync.callbacks.public-url is set, but no callbacks are served here");
        });
  }

  // ---- bad properties fail the start, naming the property, the value and the rule ----------------

  @Test
  void should_refuse_a_negative_duration_naming_property_value_and_rule() {
    runner.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.default-timeout=-5s").run(context -> {
      BindException bind = bindFailure(context);
      assertThat(bind.getProperty().getName().toString()).isEqualTo("lipsync.default-timeout");
      assertThat(bind.getProperty().getValue()).isEqualTo("-5s");
      assertThat(messages(context)).contains("PT-5S must be positive");
    });
  }

  @Test
  void should_refuse_plain_http_to_a_host_that_is_not_loopback() {
    runner.withPropertyValues("lipsync.vendors.cometapi.base-url=http://proxy.example.com/").run(context -> {
      BindException bind = bindFailure(context);
      assertThat(bind.getProperty().getName().toString()).isEqualTo("lipsync.vendors.cometapi.base-url");
      assertThat(bind.getProperty().getValue()).isEqualTo("http://proxy.example.com/");
      assertThat(messages(context)).contains("https");
    });
  }

  @Test
  void should_refuse_resilience_settings_by_the_library_s_own_rules() {
    runner.withPropertyValues("lipsync.resilience.max-attempts=0").run(context -> {
      BindException bind = bindFailure(context);
      assertThat(bind.getProperty().getName().toString()).isEqualTo("lipsync.resilience.max-attempts");
      assertThat(bind.getProperty().getValue()).isEqualTo("0");
      assertThat(messages(context)).contains("maxAttempts");
    });
  }

  @Test
  void should_refuse_settings_that_hold_only_together_naming_both() {
    runner.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.poll.first-delay=10s",
        "lipsync.poll.max-delay=2s").run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context))
              .contains("lipsync.poll.max-delay (PT2S) is shorter than lipsync.poll.first-delay (PT10S)");
        });
  }

  @Test
  void should_refuse_an_unknown_apimodels_variant_naming_the_known_ones() {
    runner.withPropertyValues("APIMODELS_KEY=sk-apimodels-test", "lipsync.vendors.apimodels.variant=global")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context)).contains("lipsync.vendors.apimodels.variant (or APIMODELS_VARIANT): "
              + "\"global\" is not a variant of apimodels' API; use standard or localized");
        });
  }

  @Test
  void should_refuse_kling_without_its_secret_key_and_never_show_a_key() {
    runner.withPropertyValues("KLING_ACCESS_KEY=" + KLING_ACCESS_KEY).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("lipsync.vendors.kling.secret-key (or KLING_SECRET_KEY) is not set")
          .doesNotContain(KLING_ACCESS_KEY);
    });
    runner.withPropertyValues("KLING_ACCESS_KEY=" + KLING_ACCESS_KEY, "KLING_SECRET_KEY=short-secret").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("lipsync.vendors.kling.secret-key (or KLING_SECRET_KEY): ")
          .contains("shorter than 32 bytes").doesNotContain("short-secret", KLING_ACCESS_KEY);
    });
  }

  @Test
  void should_refuse_a_malformed_key_without_showing_it() {
    runner.withPropertyValues("lipsync.vendors.alad.api-key=sk alad with spaces").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context)).contains("lipsync.vendors.alad.api-key (or ALAD_KEY): ")
          .doesNotContain("sk alad with spaces");
    });
  }

  @Test
  void should_default_to_the_library_s_own_settings() {
    LipSyncProperties properties = new LipSyncProperties();

    assertThat(properties.getPoll().schedule()).isEqualTo(PollSchedule.defaults());
    assertThat(properties.getResilience().settings(null)).isEqualTo(ResilienceSettings.defaults());
    assertThat(properties.getStrategy()).isEqualTo(RoutingStrategy.PRIORITY);
    assertThat(properties.getPoll().isLearnDurations()).isTrue();
  }

  @Test
  void should_keep_the_fixed_schedule_alone_when_told_not_to_learn_durations() {
    runner.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.poll.learn-durations=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(LipSyncGateway.class);
      assertThat(context.getBean(LipSyncProperties.class).getPoll().isLearnDurations()).isFalse();
    });
  }

  // ---- configuration metadata -----------------------------------------------------------------

  @Test
  void should_describe_every_property_for_ides() throws IOException {
    String metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(metadata).contains(
        "\"name\": \"lipsync.vendors.kling.secret-key\"",
        "\"name\": \"lipsync.vendors.cometapi.api-key\"",
        "\"name\": \"lipsync.vendors.apimodels.variant\"",
        "\"name\": \"lipsync.resilience.max-tasks-in-flight\"",
        "\"name\": \"lipsync.poll.first-delay\"",
        "\"name\": \"lipsync.poll.learn-durations\"",
        "\"name\": \"lipsync.default-timeout\"",
        "The secret key that signs Kling's tokens",
        "\"defaultValue\": \"5s\"");
    assertThat(metadata).doesNotContain("{@code");
  }

  private static BindException bindFailure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      if (t instanceof BindException bind) {
        return bind;
      }
    }
    throw new AssertionError("no BindException in " + context.getStartupFailure());
  }

  /** Every message in the start failure's chain, one a line. */
  private static String messages(AssertableApplicationContext context) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return String.join("\n", messages);
  }
}

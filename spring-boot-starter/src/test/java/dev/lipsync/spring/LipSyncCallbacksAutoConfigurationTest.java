package dev.lipsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.CallbackTokens;
import dev.lipsync.core.gateway.LipSyncGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.function.RouterFunction;

/** The conditions of the callback endpoint and the checks of lipsync.callbacks.*, on contexts started in the test's thread. */
class LipSyncCallbacksAutoConfigurationTest {
  private static final String COMETAPI_KEY = "sk-cometapi-test-0123456789";
  private static final String SECRET = "callbacks-secret_0123456789abcdefghijkl";
  private static final AutoConfigurations STARTER = AutoConfigurations.of(LipSyncVendorsAutoConfiguration.class,
      LipSyncAutoConfiguration.class, LipSyncCallbacksAutoConfiguration.class);

  private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(STARTER);

  @Test
  void should_serve_callbacks_in_a_servlet_web_application_with_a_gateway() {
    web.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(LipSyncGateway.class).hasSingleBean(LipSyncCallbacks.class)
          .hasSingleBean(RouterFunction.class);
      LipSyncCallbacks callbacks = context.getBean(LipSyncCallbacks.class);
      assertThat(callbacks.path()).isEqualTo("/lipsync/callbacks");
      assertThat(callbacks.publicUrl()).isEmpty();
      assertThat(callbacks.callbackUrl("cometapi")).as("no public URL, no URL to give").isNull();
    });
  }

  @Test
  void should_serve_no_callbacks_without_a_web_application() {
    new ApplicationContextRunner().withConfiguration(STARTER).withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY,
        "lipsync.callbacks.public-url=https://hooks.example.com").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(LipSyncGateway.class);
          assertThat(context).doesNotHaveBean(LipSyncCallbacks.class).doesNotHaveBean(RouterFunction.class);
        });
  }

  @Test
  void should_serve_no_callbacks_without_a_gateway() {
    web.withPropertyValues("lipsync.callbacks.public-url=https://hooks.example.com").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(LipSyncGateway.class);
      assertThat(context).doesNotHaveBean(LipSyncCallbacks.class).doesNotHaveBean(RouterFunction.class);
    });
  }

  @Test
  void should_serve_no_callbacks_when_turned_off_or_without_spring_mvc() {
    web.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.callbacks.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(LipSyncGateway.class);
      assertThat(context).doesNotHaveBean(LipSyncCallbacks.class).doesNotHaveBean(RouterFunction.class);
    });
    web.withClassLoader(new FilteredClassLoader(RouterFunction.class))
        .withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(LipSyncGateway.class);
          assertThat(context).doesNotHaveBean(LipSyncCallbacks.class);
        });
  }

  @Test
  void should_give_each_vendor_its_url_under_the_public_url_and_path() {
    web.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.callbacks.secret=" + SECRET,
        "lipsync.callbacks.public-url=https://hooks.example.com/app/", "lipsync.callbacks.path=/hooks/lip-sync")
        .run(context -> {
          LipSyncCallbacks callbacks = context.getBean(LipSyncCallbacks.class);
          CallbackTokens tokens = CallbackTokens.of(SECRET);
          assertThat(callbacks.callbackUrl("kling")).isEqualTo(
              URI.create("https://hooks.example.com/app/hooks/lip-sync/kling/" + tokens.tokenFor("kling")));
          assertThat(callbacks.toString()).doesNotContain(tokens.tokenFor("kling"), SECRET)
              .isEqualTo("LipSyncCallbacks[https://hooks.example.com/app/hooks/lip-sync/<vendor>/<token hidden>]");
        });
  }

  @Test
  void should_draw_a_random_secret_per_start_when_none_is_set() {
    String[] urls = new String[2];
    for (int i = 0; i < 2; i++) {
      int start = i;
      web.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.callbacks.public-url=http://127.0.0.1:8080")
          .run(context -> urls[start] = String.valueOf(context.getBean(LipSyncCallbacks.class).callbackUrl("cometapi")));
    }
    assertThat(urls[0]).startsWith("http://127.0.0.1:8080/lipsync/callbacks/cometapi/").isNotEqualTo(urls[1]);
  }

  @Test
  void should_describe_the_callback_properties_for_ides() throws IOException {
    String metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(metadata).contains(
        "\"name\": \"lipsync.callbacks.enabled\"",
        "\"name\": \"lipsync.callbacks.path\"",
        "\"name\": \"lipsync.callbacks.public-url\"",
        "\"name\": \"lipsync.callbacks.secret\"",
        "\"name\": \"lipsync.callbacks.max-body-size\"",
        "\"defaultValue\": \"\\/lipsync\\/callbacks\"",
        "\"defaultValue\": \"64KB\"",
        "A secret: never logged or shown.");
  }

  // ---- bad settings fail the start, naming the property, the value (never the secret) and the rule ----

  @Test
  void should_refuse_a_public_url_over_plain_http_to_another_host() {
    web.withPropertyValues("lipsync.callbacks.public-url=http://hooks.example.com").run(context -> {
      BindException bind = bindFailure(context);
      assertThat(bind.getProperty().getName().toString()).isEqualTo("lipsync.callbacks.public-url");
      assertThat(bind.getProperty().getValue()).isEqualTo("http://hooks.example.com");
      assertThat(messages(context)).contains("https");
    });
    web.withPropertyValues("lipsync.callbacks.public-url=https://hooks.example.com/?q=1").run(context -> {
      assertThat(bindFailure(context).getProperty().getName().toString()).isEqualTo("lipsync.callbacks.public-url");
      assertThat(messages(context)).contains("must not have a query or fragment");
    });
  }

  @Test
  void should_refuse_a_short_secret_without_showing_it() {
    String weak = "too-short-a-secret";
    web.withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.callbacks.secret=" + weak).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context))
          .contains("lipsync.callbacks.secret must be at least 32 characters of A-Z, a-z, 0-9, '-' and '_'"
              + " (got " + weak.length() + " characters)")
          .doesNotContain(weak);
    });
  }

  @Test
  void should_refuse_a_bad_path_and_a_body_cap_over_what_the_gateway_reads() {
    web.withPropertyValues("lipsync.callbacks.path=lipsync/callbacks/").run(context -> {
      BindException bind = bindFailure(context);
      assertThat(bind.getProperty().getName().toString()).isEqualTo("lipsync.callbacks.path");
      assertThat(messages(context)).contains("\"lipsync/callbacks/\" must be a path such as /lipsync/callbacks");
    });
    web.withPropertyValues("lipsync.callbacks.max-body-size=1MB").run(context -> {
      BindException bind = bindFailure(context);
      assertThat(bind.getProperty().getName().toString()).isEqualTo("lipsync.callbacks.max-body-size");
      assertThat(messages(context)).contains("1048576B must be from 1B to 65536B");
    });
  }

  private static BindException bindFailure(ApplicationContext context) {
    Throwable failure = startupFailure(context);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException bind) {
        return bind;
      }
    }
    throw new AssertionError("no BindException in " + failure);
  }

  private static String messages(ApplicationContext context) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = startupFailure(context); t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return String.join("\n", messages);
  }

  private static Throwable startupFailure(ApplicationContext context) {
    if (context instanceof AssertableWebApplicationContext web) {
      assertThat(web).hasFailed();
      return web.getStartupFailure();
    }
    AssertableApplicationContext plain = (AssertableApplicationContext) context;
    assertThat(plain).hasFailed();
    return plain.getStartupFailure();
  }
}

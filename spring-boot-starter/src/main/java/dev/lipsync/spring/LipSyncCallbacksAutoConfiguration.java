package dev.lipsync.spring;

import dev.lipsync.core.gateway.CallbackTokens;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.support.BaseUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Vendors' callbacks on the application's own web server: where the application runs Spring MVC on a
 * servlet server, a gateway exists and {@code lipsync.callbacks.enabled} is not false, every request
 * under {@code lipsync.callbacks.path} ({@code /lipsync/callbacks} by default) goes to one handler that
 * checks the vendor's token and passes the body to {@link LipSyncGateway#onCallback}, which confirms a
 * task's end with the vendor before trusting it. The {@link LipSyncCallbacks} bean holds the path and
 * tokens; where {@code lipsync.callbacks.public-url} is set, the starter's gateway gives each vendor its
 * own URL for every job without one ({@link LipSyncAutoConfiguration}).
 */
@AutoConfiguration(after = LipSyncAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {
    "org.springframework.web.servlet.function.RouterFunction", "jakarta.servlet.http.HttpServletRequest"})
@ConditionalOnBooleanProperty(name = LipSyncProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(LipSyncProperties.class)
public class LipSyncCallbacksAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LipSyncCallbacksAutoConfiguration.class);
  private static final String SECRET = LipSyncProperties.PREFIX + ".callbacks.secret";

  /** The callbacks, unless turned off; nested, so that both switches are plain conditions. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = LipSyncProperties.PREFIX + ".callbacks.enabled", matchIfMissing = true)
  @ConditionalOnBean(LipSyncGateway.class)
  static class Callbacks {

    @Bean
    @ConditionalOnMissingBean
    LipSyncCallbacks lipSyncCallbacks(LipSyncProperties properties) {
      LipSyncProperties.Callbacks settings = properties.getCallbacks();
      CallbackTokens tokens;
      String secret = settings.getSecret();
      if (secret == null || secret.isBlank()) {
        // INFO, not WARN: it works, the URLs just do not outlive the process; polling finds the rest.
        log.info("{} is not set: callback tokens come from a random secret, so the callback URLs given to vendors"
            + " change when the application restarts (tasks submitted before a restart are then polled);"
            + " set it to keep them", SECRET);
        tokens = CallbackTokens.random();
      } else {
        // Checked here rather than by the binder, whose message would show the secret.
        CallbackTokens.checkMasterSecret(SECRET, secret.strip());
        tokens = CallbackTokens.of(secret.strip());
      }
      String publicUrl = settings.getPublicUrl();
      String base = null;
      if (publicUrl != null && !publicUrl.isBlank()) {
        String parsed = BaseUrls.parse(LipSyncProperties.PREFIX + ".callbacks.public-url", publicUrl, true).toString();
        base = parsed.substring(0, parsed.length() - 1);
      }
      return new LipSyncCallbacks(settings.getPath(), tokens, base, (int) settings.getMaxBodySize().toBytes());
    }

    /** Every request under the path, whatever its method, so that each gets the table's answer. */
    @Bean
    RouterFunction<ServerResponse> lipSyncCallbackRoutes(LipSyncCallbacks callbacks, LipSyncGateway gateway) {
      return RouterFunctions.route(RequestPredicates.path(callbacks.path() + "/**"),
          new LipSyncCallbackHandler(callbacks, gateway));
    }
  }
}

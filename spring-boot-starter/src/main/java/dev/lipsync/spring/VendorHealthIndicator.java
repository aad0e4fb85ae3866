package dev.lipsync.spring;

import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.VendorHealth;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One vendor's health, as the gateway sees it ({@link LipSyncGateway#vendorHealth()}): {@code UP} while
 * its circuit is closed; {@code DOWN} while it is open, or half-open until its trial call succeeds.
 * DOWN rather than OUT_OF_SERVICE because an open circuit is the vendor failing, not a vendor taken out
 * on purpose. Reading it sends nothing to the vendor: the circuit is what the gateway's own calls
 * found.
 *
 * <p>Details: {@code circuit} ({@code CLOSED}, {@code HALF_OPEN}, {@code OPEN}); where a failure counted
 * against the vendor, {@code lastFailure} (the library's class name, such as {@code
 * RateLimitedException}), {@code lastFailureKind} (its failure-table tag, such as {@code rate-limited})
 * and {@code lastFailureAt}; {@code tasksInFlight} and {@code tasksWaiting}. Never a key, URL or
 * message: {@link VendorHealth} holds none.
 */
final class VendorHealthIndicator implements HealthIndicator {
  private final LipSyncGateway gateway;
  private final String vendor;

  VendorHealthIndicator(LipSyncGateway gateway, String vendor) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.vendor = Objects.requireNonNull(vendor, "vendor");
  }

  @Override
  public Health health() {
    VendorHealth health = gateway.vendorHealth().get(vendor);
    if (health == null) {
      // The gateway's vendors are fixed when it is built; only a replaced gateway bean could do this.
      return Health.unknown().withDetail("reason", "not configured in the gateway").build();
    }
    Health.Builder builder = health.available() ? Health.up() : Health.down();
    builder.withDetail("circuit", health.circuit().name());
    VendorHealth.Failure failure = health.lastFailure();
    if (failure != null) {
      builder.withDetail("lastFailure", failure.type())
          .withDetail("lastFailureKind", failure.kind().tag())
          .withDetail("lastFailureAt", failure.at().toString());
    }
    return builder.withDetail("tasksInFlight", health.tasksInFlight())
        .withDetail("tasksWaiting", health.tasksWaiting())
        .build();
  }

  @Override
  public String toString() {
    return "VendorHealthIndicator[" + vendor + "]";
  }
}

package dev.lipsync.core.gateway;

import dev.lipsync.core.store.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The terms of this gateway's leases on the jobs it carries: its name among the gateways sharing a
 * store, and how long a lease lasts unless renewed.
 */
record Leasing(String owner, Duration duration) {

  /** A lease held from {@code now} for {@link #duration()}. */
  Lease from(Instant now) {
    return new Lease(owner, now.plus(duration));
  }

  /**
   * A name no other gateway has: the host (where the environment says it, as containers do; a DNS
   * lookup could stall the start), this process and a random part, since one process may build two.
   */
  static String newOwner() {
    String host = System.getenv("HOSTNAME");
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return (host == null || host.isBlank() ? "" : host.strip() + "-") + ProcessHandle.current().pid() + "-"
        + HexFormat.of().formatHex(random);
  }
}

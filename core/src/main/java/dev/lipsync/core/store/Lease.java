package dev.lipsync.core.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Who carries a job, and until when. The gateway that starts a job holds its lease and renews it while
 * it lives; once a lease has run out, another gateway on the same store may take the job over ({@link
 * JobStore#claim}). So a job is carried, and its task polled, by one gateway at a time, and a job whose
 * gateway died is not left behind. Immutable.
 *
 * @param owner the gateway that holds it: its instance id
 * @param until when it runs out unless renewed, to the millisecond
 */
public record Lease(String owner, Instant until) {

  public Lease {
    Objects.requireNonNull(owner, "owner == null");
    if (owner.isBlank()) {
      throw new IllegalArgumentException("owner: must not be blank");
    }
    until = Objects.requireNonNull(until, "until == null").truncatedTo(ChronoUnit.MILLIS);
  }
}

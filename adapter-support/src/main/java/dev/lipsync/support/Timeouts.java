package dev.lipsync.support;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The check every builder makes of a timeout it is given, so that all refuse a bad one with the same
 * sentence. Stateless; thread-safe.
 *
 * <pre>{@code
 * public Builder identifyTimeout(Duration timeout) {
 *   this.identifyTimeout = Timeouts.requirePositive("identifyTimeout", timeout);
 *   return this;
 * }
 * }</pre>
 */
public final class Timeouts {
  private Timeouts() {}

  /**
   * {@code timeout}, when it is longer than zero.
   *
   * @param name the setting's name, used in the message
   * @throws NullPointerException {@code "<name> == null"} if it is null
   * @throws IllegalArgumentException {@code "<name>: <timeout> must be positive"} if it is zero or negative
   */
  public static Duration requirePositive(String name, @Nullable Duration timeout) {
    Objects.requireNonNull(timeout, name + " == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + ": " + timeout + " must be positive");
    }
    return timeout;
  }
}

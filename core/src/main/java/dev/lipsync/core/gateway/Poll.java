package dev.lipsync.core.gateway;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one poll found: the awaited value, or not yet. The gateway's tracking reads status answers so,
 * and an adapter whose vendor runs a step as a task of its own polls it with {@link Polling#until}.
 *
 * @param <T> the awaited value
 */
public sealed interface Poll<T> permits Poll.Done, Poll.Pending {

  /** The awaited value has arrived. */
  static <T> Poll<T> done(T value) {
    return new Done<>(value);
  }

  /** Not yet; {@code status} is the vendor's word for where it stands, if any. */
  static <T> Poll<T> pending(@Nullable String status) {
    return new Pending<>(status);
  }

  /** See {@link #done(Object)}. */
  record Done<T>(T value) implements Poll<T> {
    public Done {
      Objects.requireNonNull(value, "value == null");
    }
  }

  /** See {@link #pending(String)}. */
  record Pending<T>(@Nullable String status) implements Poll<T> {}
}

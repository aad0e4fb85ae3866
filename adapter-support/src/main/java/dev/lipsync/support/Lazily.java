package dev.lipsync.support;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value made on its first use and kept: for what a provider needs only once it is called, such as
 * its Retrofit service (a proxy class generated at run time) or the Moshi adapter that reads its
 * callbacks (built by reflection over the wire types). A gateway is often built with vendors that a
 * process never calls, or calls only later; made eagerly, each of them cost every process a few dozen
 * classes loaded before its first request (measured by the benchmarks' start-up harness).
 *
 * <p>Only what cannot fail for a reason the user controls belongs here: a bad key or base URL must
 * still fail when the provider is built, not at its first call.
 *
 * <pre>{@code
 * this.api = Lazily.of(() -> http().create(AcmeApi.class));
 * ...
 * api.get().status(taskId);
 * }</pre>
 *
 * Thread-safe: the value is made at most once, by the first caller, and every caller sees it.
 *
 * @param <T> the value's type
 */
public final class Lazily<T> implements Supplier<T> {
  private @Nullable Supplier<? extends T> make;
  private volatile @Nullable T value;

  private Lazily(Supplier<? extends T> make) {
    this.make = make;
  }

  /** The value {@code make} returns, made on the first {@link #get()}; {@code make} must not return null. */
  public static <T> Lazily<T> of(Supplier<? extends T> make) {
    return new Lazily<>(Objects.requireNonNull(make, "make == null"));
  }

  /**
   * The value, made now if this is the first call.
   *
   * @throws NullPointerException if the supplier returned null
   */
  @Override
  public T get() {
    T made = value;
    if (made != null) {
      return made;
    }
    synchronized (this) {
      made = value;
      if (made == null) {
        made = Objects.requireNonNull(Objects.requireNonNull(make, "make").get(), "the value made is null");
        value = made;
        // Nothing the supplier captured is kept once the value is made.
        make = null;
      }
      return made;
    }
  }

  @Override
  public String toString() {
    return value == null ? "Lazily[not yet made]" : "Lazily[made]";
  }
}

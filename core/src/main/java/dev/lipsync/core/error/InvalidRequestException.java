package dev.lipsync.core.error;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The request breaks a documented limit. Thrown when a job is built (nothing was sent) with every
 * {@linkplain #violations() violation} named, or when a vendor answers that a request was invalid
 * (HTTP 400, Kling 1200–1201). No vendor would accept it: the gateway fails at once, without failover.
 */
public final class InvalidRequestException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  /** The job breaks these rules; nothing was sent. */
  public InvalidRequestException(List<Violation> violations) {
    super(ErrorContext.of(null), join(violations), null);
    this.violations = List.copyOf(violations);
  }

  /** The job breaks this rule; nothing was sent. */
  public InvalidRequestException(Violation violation) {
    this(List.of(violation));
  }

  /** A vendor refused the request as invalid. */
  public InvalidRequestException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
    this.violations = List.of();
  }

  /** The rules broken, when the library found them; empty when a vendor refused the request. */
  public List<Violation> violations() {
    return violations;
  }

  @Override
  public FailureKind kind() {
    return FailureKind.INVALID_REQUEST;
  }

  private static String join(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("at least one violation");
    }
    return violations.stream().map(Violation::message).collect(Collectors.joining("; "));
  }
}

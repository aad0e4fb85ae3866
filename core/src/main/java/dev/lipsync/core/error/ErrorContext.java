package dev.lipsync.core.error;

import dev.lipsync.core.model.TaskRef;
import org.jspecify.annotations.Nullable;

/**
 * What is known about where an error came from: the vendor, its HTTP status, its own error code and
 * message, and the task involved.
 *
 * @param vendor the vendor's id, or null for an error found before anything was sent
 * @param httpStatus the HTTP status, or 0 when there was no answer
 * @param vendorCode the vendor's business code, e.g. Kling's {@code 1302}, or null
 * @param vendorMessage the vendor's message, or null
 * @param taskRef the task concerned, or null
 */
public record ErrorContext(
    @Nullable String vendor,
    int httpStatus,
    @Nullable String vendorCode,
    @Nullable String vendorMessage,
    @Nullable TaskRef taskRef) {

  /** Nothing known but the vendor. */
  public static ErrorContext of(@Nullable String vendor) {
    return new ErrorContext(vendor, 0, null, null, null);
  }

  /** The same context, about {@code taskRef}. */
  public ErrorContext withTaskRef(@Nullable TaskRef taskRef) {
    return new ErrorContext(vendor, httpStatus, vendorCode, vendorMessage, taskRef);
  }
}

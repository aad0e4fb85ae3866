package dev.lipsync.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Retrofit method whose call costs money (a submit). When such a call may have reached the
 * vendor but no answer was read (a timeout or a reset after sending, a gateway timeout, an unreadable
 * answer), it fails with {@link dev.lipsync.core.error.SubmitOutcomeUnknownException} rather than a
 * retryable error, so it is never repeated blindly.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Paid {}

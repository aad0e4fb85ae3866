package dev.lipsync.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Retrofit method whose call costs money (a submit). When such a call may have reached the
 * vendor and no answer proves that nothing was created (a timeout or a reset after sending, an outage
 * or gateway timeout, a redirect, an answer without the vendor's own error code, a 2xx that names no
 * task), it fails with {@link dev.lipsync.core.error.SubmitOutcomeUnknownException} rather than a
 * retryable error, so it is never repeated blindly; only the vendor's refusal keeps its class (see
 * {@code PaidAnswers}).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Paid {}

/**
 * The library's errors: one unchecked hierarchy with a {@linkplain
 * dev.lipsync.core.error.RetryableException retryable} and a {@linkplain
 * dev.lipsync.core.error.NonRetryableException non-retryable} branch, one class per row of the failure
 * table, and the {@linkplain dev.lipsync.core.error.ErrorMapper one mapper} every adapter uses to turn a
 * vendor's HTTP status and business code into the right class.
 */
@NullMarked
package dev.lipsync.core.error;

import org.jspecify.annotations.NullMarked;

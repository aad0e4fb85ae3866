/**
 * The library's errors: one unchecked hierarchy with a {@linkplain
 * dev.lipsync.core.error.RetryableException retryable} and a {@linkplain
 * dev.lipsync.core.error.NonRetryableException non-retryable} branch, one class per row of the failure
 * table. Adapters turn a vendor's HTTP status and business code into the right class with the one
 * mapper in {@code lipsync-adapter-support} ({@code dev.lipsync.support.ErrorMapper}).
 */
@NullMarked
package dev.lipsync.core.error;

import org.jspecify.annotations.NullMarked;

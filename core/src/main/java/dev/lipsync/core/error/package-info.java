/**
 * The library's errors: one unchecked hierarchy under {@link dev.lipsync.core.error.LipSyncException},
 * one class per kind of failure ({@link dev.lipsync.core.error.FailureKind}). What the gateway does
 * after each is its failure table's decision, not the class's; {@link
 * dev.lipsync.core.error.LipSyncException#isRetryable()} says whether the same job may get past it
 * later. {@link
 * dev.lipsync.core.error.LipSyncException#causeOf} unwraps what a future failed with. Adapters turn a
 * vendor's HTTP status and business code into the right class with the one mapper in {@code
 * lipsync-adapter-support}, which its HTTP client and {@code VendorEnvelope} both use.
 */
@NullMarked
package dev.lipsync.core.error;

import org.jspecify.annotations.NullMarked;

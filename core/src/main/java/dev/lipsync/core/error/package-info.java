/**
 * The library's errors: one unchecked hierarchy under {@link dev.lipsync.core.error.LipSyncException},
 * one class per row of the failure table; whether a failure is retried, failed over or settled is the
 * gateway's failure policy's to decide, from the class and its data. {@link
 * dev.lipsync.core.error.LipSyncException#causeOf} unwraps what a future failed with. Adapters turn a
 * vendor's HTTP status and business code into the right class with the one mapper in {@code
 * lipsync-adapter-support}, which its HTTP client and {@code VendorEnvelope} both use.
 */
@NullMarked
package dev.lipsync.core.error;

import org.jspecify.annotations.NullMarked;

/**
 * Test support for adapters and the gateway: {@link dev.lipsync.testkit.VendorSimulator}, the base of
 * every vendor's simulator (a real task state machine on MockWebServer, a key check, fault injection),
 * and {@link dev.lipsync.testkit.LipSyncProviderContract}, the behaviour every adapter must show.
 */
@NullMarked
package dev.lipsync.testkit;

import org.jspecify.annotations.NullMarked;

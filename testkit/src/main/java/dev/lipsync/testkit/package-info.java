/**
 * Test support for adapters and the gateway: {@link dev.lipsync.testkit.VendorSimulator}, the base of
 * every vendor's simulator (a real task state machine on MockWebServer, a key check, fault injection),
 * {@link dev.lipsync.testkit.LipSyncProviderContract}, the behaviour every adapter must show, and {@link
 * dev.lipsync.testkit.ReaderFuzzContract}, its readers against generated answers.
 */
@NullMarked
package dev.lipsync.testkit;

import org.jspecify.annotations.NullMarked;

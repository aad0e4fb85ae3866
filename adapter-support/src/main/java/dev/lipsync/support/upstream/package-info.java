/**
 * Kling's upstream shapes, read and written by every adapter that forwards them: Kling's own API
 * ({@code adapter-kling}) and the relays that pass the same bodies on under their own paths ({@code
 * adapter-cometapi}). The wire classes ({@link dev.lipsync.support.upstream.KlingEnvelope}, {@link
 * dev.lipsync.support.upstream.IdentifyWire}, {@link dev.lipsync.support.upstream.AdvancedWire}, {@link
 * dev.lipsync.support.upstream.TaskWire}) are the bodies as Kling defines them, for Moshi; {@link
 * dev.lipsync.support.upstream.UpstreamMapper} is the one translation between them and core's records.
 *
 * <p>What a vendor adds to these shapes (a relay's own task record, another name for a field, its
 * paths, its error body, its authentication) stays in that vendor's module, which subclasses a wire
 * class where it reads or writes more fields, and hands the mapper what differs.
 */
@NullMarked
package dev.lipsync.support.upstream;

import org.jspecify.annotations.NullMarked;

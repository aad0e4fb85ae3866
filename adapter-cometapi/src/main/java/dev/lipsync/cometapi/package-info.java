/**
 * The CometAPI adapter: {@link dev.lipsync.cometapi.CometApiProvider} serves Kling's lip-sync through
 * CometAPI's {@code /kling/v1/videos/...} endpoints (identify-face, advanced lip-sync, and the older
 * lip-sync endpoint for text spoken over a Kling video). Everything but the provider and its builder is
 * package-private: the Retrofit interface, the wire classes and the one mapper between them and core.
 * The bodies CometAPI forwards to Kling unchanged are Kling's shapes, read and written by {@code
 * dev.lipsync.support.upstream}, which the Kling adapter shares; this package adds to them only what is
 * CometAPI's own.
 */
@NullMarked
package dev.lipsync.cometapi;

import org.jspecify.annotations.NullMarked;

/**
 * The Kling adapter: {@link dev.lipsync.kling.KlingProvider} serves Kling's own API ({@code
 * /v1/videos/identify-face}, {@code /v1/videos/advanced-lip-sync} and its task query, and the text to
 * speech of {@code /v1/audio/tts}), authenticated by a short-lived JWT that the provider signs with the
 * account's secret key. Everything but the provider
 * and its builder is package-private: the Retrofit interface, the token source, the wire classes of the
 * text to speech and the one mapper between them and core. The lip-sync's shapes, which relays forward
 * unchanged, are read and written by {@code dev.lipsync.support.upstream}, shared with those relays'
 * adapters.
 */
@NullMarked
package dev.lipsync.kling;

import org.jspecify.annotations.NullMarked;

/**
 * Guice wiring for the CometAPI adapter: {@link dev.lipsync.cometapi.guice.CometApiModule} adds the
 * provider to the gateway's map of providers when a key is configured. Nothing else imports Guice.
 */
@NullMarked
package dev.lipsync.cometapi.guice;

import org.jspecify.annotations.NullMarked;

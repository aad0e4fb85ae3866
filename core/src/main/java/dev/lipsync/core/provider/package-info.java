/**
 * The provider port: what every vendor adapter implements ({@link
 * dev.lipsync.core.provider.LipSyncProvider}), what it can do ({@link
 * dev.lipsync.core.provider.Capabilities}) and what it costs ({@link dev.lipsync.core.provider.Pricing}).
 */
@NullMarked
package dev.lipsync.core.provider;

import org.jspecify.annotations.NullMarked;

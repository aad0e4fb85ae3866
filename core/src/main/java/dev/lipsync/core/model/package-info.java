/**
 * The provider-neutral model: what an application asks for ({@link dev.lipsync.core.model.LipSyncJob}
 * with its {@link dev.lipsync.core.model.Dub dubs}) and what it gets back
 * ({@link dev.lipsync.core.model.TaskSnapshot}, {@link dev.lipsync.core.model.LipSyncResult}).
 *
 * <p>Every type here is an immutable value, safe to share between threads. A job is validated when it
 * is built, so a job that exists is one no vendor will refuse for its shape.
 */
@NullMarked
package dev.lipsync.core.model;

import org.jspecify.annotations.NullMarked;

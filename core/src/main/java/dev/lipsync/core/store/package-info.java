/**
 * Where jobs are kept: the {@link dev.lipsync.core.store.JobStore} port the gateway writes every job to
 * (before its paid submit, as soon as its task is known, at every change of state), so that what was
 * paid for is on record; and {@link dev.lipsync.core.store.InMemoryJobStore}, the default.
 */
@NullMarked
package dev.lipsync.core.store;

import org.jspecify.annotations.NullMarked;

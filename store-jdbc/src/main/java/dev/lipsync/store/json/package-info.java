/**
 * The JSON form in which a job store keeps a {@link dev.lipsync.core.model.LipSyncJob}, the {@link
 * dev.lipsync.core.model.Attempt attempts} made for it and its {@link
 * dev.lipsync.core.model.LipSyncResult}: {@link dev.lipsync.store.json.JobJson} writes each value and
 * reads it back equal, refuses a job it could not give back whole, and names the place of anything it
 * cannot read. The form is stored in databases, so it changes only with a new {@code format} number.
 */
@NullMarked
package dev.lipsync.store.json;

import org.jspecify.annotations.NullMarked;

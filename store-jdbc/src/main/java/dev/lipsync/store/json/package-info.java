/**
 * A job, its attempts and its result as JSON: the form a job store keeps them in, which reads back
 * exactly what was written.
 */
@NullMarked
package dev.lipsync.store.json;

import org.jspecify.annotations.NullMarked;

/**
 * Task tracking: one {@link dev.lipsync.core.tracking.TaskScheduler} serves every task in flight (never
 * a thread per task), a {@link dev.lipsync.core.tracking.PollSchedule} says when to ask next, and the
 * {@link dev.lipsync.core.tracking.TaskTracker} carries a task to its end, taking callbacks and polls
 * alike and letting state only move forward.
 *
 * <p>Time is always read from the scheduler, so a test drives it with a {@link
 * dev.lipsync.core.tracking.ManualScheduler} and never waits on the wall clock.
 */
@NullMarked
package dev.lipsync.core.tracking;

import org.jspecify.annotations.NullMarked;

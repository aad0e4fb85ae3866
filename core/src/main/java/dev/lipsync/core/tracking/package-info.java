/**
 * When and on what tasks are polled: one {@link dev.lipsync.core.tracking.TaskScheduler} serves every
 * task in flight (never a thread per task), and a {@link dev.lipsync.core.tracking.PollSchedule} says
 * when to ask next. An application chooses both; the gateway's tracking machinery that uses them is
 * package-private beside the gateway.
 *
 * <p>Time is always read from the scheduler, so a test drives it with a {@link
 * dev.lipsync.core.tracking.ManualScheduler} and never waits on the wall clock.
 */
@NullMarked
package dev.lipsync.core.tracking;

import org.jspecify.annotations.NullMarked;

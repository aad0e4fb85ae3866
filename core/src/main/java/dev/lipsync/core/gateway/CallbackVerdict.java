package dev.lipsync.core.gateway;

import java.util.Locale;

/** What became of a callback about a tracked task, once the gateway has weighed it (see {@link Tracking#hint}). */
enum CallbackVerdict {
  /** It said the task is still under way: taken as it is. */
  PROGRESS,
  /** It said the task ended, and a status call at the vendor said the same. */
  CONFIRMED,
  /** It said the task ended, and a status call at the vendor said otherwise: not believed. */
  CONTRADICTED,
  /** It said the task ended, and the status call to confirm it failed: polling goes on. */
  UNCONFIRMED,
  /** The task's tracking had ended already: nothing to do. */
  ENDED;

  /** The verdict as a meter tag. */
  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

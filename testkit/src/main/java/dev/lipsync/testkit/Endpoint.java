package dev.lipsync.testkit;

/** The phases of the lip-sync flow that a simulator serves and faults can be injected into. */
public enum Endpoint {
  /** Face identification (a call, or the creation of an identify task). */
  IDENTIFY,
  /** The (paid) creation of a lip-sync task. */
  SUBMIT,
  /** A status query, of a lip-sync task or an identify task. */
  STATUS
}

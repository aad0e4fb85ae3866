package dev.lipsync.core.model;

import dev.lipsync.core.model.FaceChoice.Precision;

/**
 * How surely a job's named faces must be found at a vendor ({@link LipSyncJob#faceMatch()}). A face the
 * job names ({@link FaceSelector}, anything but {@link FaceSelector#unnamed()}) is dubbed at a vendor only
 * when the vendor's session lets it be found this surely; a vendor where it cannot is skipped before
 * anything is paid, saying why, and the job moves on. The default is {@link #PICTURE}.
 */
public enum FaceMatch {
  /** Only exactly ({@link Precision#EXACT}): by the vendor's times, by id, or the only face. */
  EXACT,
  /** Exactly, or by matching the face's picture ({@link Precision#PICTURE}). The default. */
  PICTURE,
  /**
   * Any way, approximations included ({@link Precision#APPROXIMATE}): the vendor's listing order for a
   * vendor without times, which may be another person.
   */
  ANY;

  /** Whether a face found with {@code precision} is good enough. */
  public boolean accepts(Precision precision) {
    return switch (this) {
      case EXACT -> precision == Precision.EXACT;
      case PICTURE -> precision == Precision.EXACT || precision == Precision.PICTURE;
      case ANY -> true;
    };
  }
}

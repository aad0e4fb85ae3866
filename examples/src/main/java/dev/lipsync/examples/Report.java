package dev.lipsync.examples;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.JobListener;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import java.io.PrintStream;

/** How the examples print a job: one line per event, then the result or the failure. */
final class Report {
  private Report() {}

  /**
   * A listener printing each {@link dev.lipsync.core.gateway.JobEvent} on a line: {@code "  TYPE where:
   * message"}, where is the task once there is one ({@code vendor:taskId}), else the vendor.
   */
  static JobListener events(PrintStream out) {
    return event -> {
      Object where = event.taskRef() != null ? event.taskRef() : event.vendor();
      out.println("  " + event.type() + (where == null ? "" : " " + where) + ": " + event.message());
    };
  }

  /** Prints the finished job: the task, its videos, the face rule applied and the estimated cost. */
  static void result(PrintStream out, LipSyncResult result) {
    out.println("Done: task " + result.taskRef() + " at " + result.vendor());
    for (ResultVideo video : result.videos()) {
      out.println("  video " + video.url());
    }
    result.faceRules().forEach(rule -> out.println("  face: " + rule));
    if (result.estimatedCostUsd() != null) {
      out.println("  estimated cost: $" + result.estimatedCostUsd().toPlainString());
    }
  }

  /** Prints why a job failed, unwrapping the future's wrapper; returns the exit code 1. */
  static int failed(PrintStream out, Throwable error) {
    Throwable cause = LipSyncException.causeOf(error);
    out.println("Failed: " + cause.getMessage());
    return 1;
  }

  /** A face as a person choosing would want it: id, when it is on screen, size, thumbnail. */
  static String describe(Face face) {
    StringBuilder text = new StringBuilder(face.id());
    if (face.hasTimes()) {
      text.append(", on screen ").append(face.startMs()).append("-").append(face.endMs()).append(" ms");
    }
    if (face.box() != null) {
      text.append(", ").append(face.box().width()).append("x").append(face.box().height()).append(" px");
    }
    if (face.imageUrl() != null) {
      text.append(", thumbnail ").append(face.imageUrl());
    }
    return text.toString();
  }
}

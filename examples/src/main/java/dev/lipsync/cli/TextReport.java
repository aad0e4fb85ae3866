package dev.lipsync.cli;

import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the commands print for people, on standard output, when {@code --json} is not given. */
final class TextReport {
  private TextReport() {}

  static String run(RunReport report, @Nullable Path output) {
    StringBuilder text = new StringBuilder();
    text.append(report.state());
    if (report.vendor() != null) {
      text.append(" at ").append(report.vendor());
    }
    text.append('\n');
    line(text, "task", report.taskRef());
    videos(text, report.videos());
    if (output != null && report.exitCode() == ExitCodes.SUCCEEDED && !report.videos().isEmpty()) {
      line(text, "saved to", output);
    }
    line(text, "estimated cost", report.estimatedCostUsd() == null ? null : "$" + report.estimatedCostUsd().toPlainString());
    line(text, "billed by the vendor", report.billedUnits() == null ? null
        : report.billedUnits().toPlainString() + " of its units");
    line(text, "idempotency key", report.idempotencyKey());
    if (report.state() == RunReport.State.UNKNOWN && report.taskRef() == null) {
      text.append("  a paid task may exist at ").append(report.vendor())
          .append(": look for the idempotency key there before running this job again elsewhere\n");
    }
    if (report.attempts().size() > 1 || report.state() != RunReport.State.SUCCEEDED) {
      for (Attempt attempt : report.attempts()) {
        text.append("  attempt at ").append(attempt.vendor()).append(": ").append(attempt.outcome())
            .append(attempt.error() == null ? "" : " (" + attempt.error() + ")").append('\n');
      }
    }
    return text.toString();
  }

  static String faces(FaceSession session) {
    StringBuilder text = new StringBuilder();
    text.append(session.faces().size()).append(" face(s) at ").append(session.vendor())
        .append(", session ").append(session.sessionId()).append('\n');
    List<Face> faces = session.facesByAppearance();
    for (int i = 0; i < faces.size(); i++) {
      Face face = faces.get(i);
      text.append("  --face ").append(i + 1).append("  ").append(face.id());
      if (face.hasTimes()) {
        text.append("  on screen ").append(face.startMs()).append("-").append(face.endMs()).append(" ms");
      }
      if (face.imageUrl() != null) {
        text.append("  ").append(face.imageUrl());
      }
      text.append('\n');
    }
    return text.toString();
  }

  static String status(TaskSnapshot snapshot) {
    StringBuilder text = new StringBuilder();
    text.append(snapshot.ref()).append("  ").append(snapshot.state());
    if (snapshot.rawStatus() != null) {
      text.append(" (\"").append(snapshot.rawStatus()).append("\")");
    }
    text.append('\n');
    if (snapshot.failure() != null) {
      line(text, "failure", snapshot.failure().message());
    }
    videos(text, snapshot.videos());
    return text.toString();
  }

  private static void videos(StringBuilder text, List<ResultVideo> videos) {
    for (ResultVideo video : videos) {
      text.append("  video ").append(video.url());
      if (video.duration() != null) {
        text.append(" (").append(video.duration().toMillis()).append(" ms)");
      }
      text.append('\n');
      if (video.watermarkUrl() != null) {
        text.append("  watermarked ").append(video.watermarkUrl()).append('\n');
      }
    }
  }

  private static void line(StringBuilder text, String label, @Nullable Object value) {
    if (value != null) {
      text.append("  ").append(label).append(": ").append(value).append('\n');
    }
  }
}

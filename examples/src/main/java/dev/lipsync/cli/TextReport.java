package dev.lipsync.cli;

import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.store.JobRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    report.faceRules().forEach(rule -> line(text, "face", rule));
    report.steps().forEach(step -> line(text, report.state() == RunReport.State.SUCCEEDED ? "chained" : "paid before",
        step));
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
    if (faces.size() > 1 && !faces.stream().allMatch(Face::hasTimes)) {
      text.append("  numbered in the vendor's list: it gave no times, so --face N here may be another person than"
          + " at a vendor with times; --face-image URL finds a face by its picture\n");
    }
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

  /**
   * {@code jobs}' table: a header, then a row per job with its key, state, vendor, task, age at {@code
   * now} and, when it failed, the failure's tag; columns aligned. No jobs: a line naming the store.
   */
  static String jobs(List<JobRecord> jobs, String store, Instant now) {
    if (jobs.isEmpty()) {
      return "The job store (" + store + ") holds no jobs.\n";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "STATE", "VENDOR", "TASK", "CREATED", "FAILURE"});
    for (JobRecord job : jobs) {
      rows.add(new String[] {
          job.idempotencyKey(),
          job.state().name(),
          job.vendor() == null ? "-" : job.vendor(),
          job.taskRef() == null ? "-" : job.taskRef().toString(),
          age(Duration.between(job.createdAt(), now)),
          job.failure() == null ? "" : job.failure().tag()});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  /**
   * How long ago, in its two largest units: {@code 12s ago}, {@code 3m 12s ago}, {@code 2h 5m ago},
   * {@code 4d 1h ago}.
   */
  static String age(Duration age) {
    // A clock set back makes a job look created in the future: shown as just created.
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 60) {
      return seconds + "s ago";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s ago";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h " + seconds % 3600 / 60 + "m ago";
    }
    return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h ago";
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

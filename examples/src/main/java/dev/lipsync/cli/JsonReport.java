package dev.lipsync.cli;

import com.squareup.moshi.JsonWriter;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.store.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The JSON {@code --json} prints: one object per command, with every documented member present and
 * absent values as {@code null}, so a script can rely on the shape; {@code jobs} prints an array of
 * records instead, each without the members it has no value for.
 */
final class JsonReport {
  private JsonReport() {}

  /**
   * {@code run}'s object: {@code state, vendor, taskRef, videos, faceRules, steps, attempts, estimatedCostUsd,
   * billedUnits, idempotencyKey, error}.
   */
  static String run(RunReport report) {
    return write(json -> run(json, report));
  }

  /** {@code resume}'s array: {@code run}'s object for each job taken up, oldest first. */
  static String runs(List<RunReport> reports) {
    return write(json -> {
      json.beginArray();
      for (RunReport report : reports) {
        run(json, report);
      }
      json.endArray();
    });
  }

  private static void run(JsonWriter json, RunReport report) throws IOException {
    json.beginObject();
    json.name("state").value(report.state().name());
    json.name("vendor").value(report.vendor());
    json.name("taskRef").value(text(report.taskRef()));
    json.name("videos");
    videos(json, report.videos());
    json.name("faceRules").beginArray();
    for (String rule : report.faceRules()) {
      json.value(rule);
    }
    json.endArray();
    json.name("steps").beginArray();
    for (ChainStep step : report.steps()) {
      json.beginObject();
      json.name("number").value(step.number());
      json.name("taskRef").value(text(step.taskRef()));
      json.name("videos");
      videos(json, step.videos());
      json.endObject();
    }
    json.endArray();
    json.name("attempts").beginArray();
    for (Attempt attempt : report.attempts()) {
      json.beginObject();
      json.name("vendor").value(attempt.vendor());
      json.name("outcome").value(attempt.outcome().name());
      json.name("error").value(attempt.error());
      json.endObject();
    }
    json.endArray();
    json.name("estimatedCostUsd").value(report.estimatedCostUsd());
    json.name("billedUnits").value(report.billedUnits());
    json.name("idempotencyKey").value(report.idempotencyKey());
    json.name("error");
    if (report.error() == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("type").value(report.error().type());
      json.name("message").value(report.error().message());
      json.endObject();
    }
    json.endObject();
  }

  /** {@code faces}' object: {@code vendor, sessionId, faces[{id, startMs, endMs, imageUrl}]}, by appearance. */
  static String faces(FaceSession session) {
    return write(json -> {
      json.beginObject();
      json.name("vendor").value(session.vendor());
      json.name("sessionId").value(session.sessionId());
      json.name("faces").beginArray();
      for (Face face : session.facesByAppearance()) {
        json.beginObject();
        json.name("id").value(face.id());
        json.name("startMs").value(face.startMs());
        json.name("endMs").value(face.endMs());
        json.name("imageUrl").value(face.imageUrl() == null ? null : face.imageUrl().toString());
        json.endObject();
      }
      json.endArray();
      json.endObject();
    });
  }

  /** {@code status}' object: {@code taskRef, state, rawStatus, videos}. */
  static String status(TaskSnapshot snapshot) {
    return write(json -> {
      json.beginObject();
      json.name("taskRef").value(snapshot.ref().toString());
      json.name("state").value(snapshot.state().name());
      json.name("rawStatus").value(snapshot.rawStatus());
      json.name("videos");
      videos(json, snapshot.videos());
      json.endObject();
    });
  }

  /**
   * {@code jobs}' array, newest first: an object per job with {@code idempotencyKey, state, vendor,
   * taskRef, createdAt, updatedAt, failure, failureMessage, videoUrl} (the first video of a job that
   * succeeded); unlike the other commands' objects, a member without a value is left out.
   */
  static String jobs(List<JobRecord> jobs) {
    return write(false, json -> {
      json.beginArray();
      for (JobRecord job : jobs) {
        json.beginObject();
        json.name("idempotencyKey").value(job.idempotencyKey());
        json.name("state").value(job.state().name());
        json.name("vendor").value(job.vendor());
        json.name("taskRef").value(text(job.taskRef()));
        json.name("createdAt").value(job.createdAt().toString());
        json.name("updatedAt").value(job.updatedAt().toString());
        json.name("failure").value(job.failure() == null ? null : job.failure().tag());
        json.name("failureMessage").value(job.failureMessage());
        json.name("videoUrl").value(job.result() == null || job.result().videos().isEmpty()
            ? null : job.result().videos().get(0).url().toString());
        json.endObject();
      }
      json.endArray();
    });
  }

  private static void videos(JsonWriter json, List<ResultVideo> videos) throws IOException {
    json.beginArray();
    for (ResultVideo video : videos) {
      json.beginObject();
      json.name("url").value(video.url().toString());
      json.name("durationMs").value(video.duration() == null ? null : video.duration().toMillis());
      json.name("watermarkUrl").value(video.watermarkUrl() == null ? null : video.watermarkUrl().toString());
      json.endObject();
    }
    json.endArray();
  }

  private static @Nullable String text(@Nullable TaskRef ref) {
    return ref == null ? null : ref.toString();
  }

  private interface Body {
    void writeTo(JsonWriter json) throws IOException;
  }

  private static String write(Body body) {
    return write(true, body);
  }

  private static String write(boolean nulls, Body body) {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      json.setSerializeNulls(nulls);
      json.setIndent("  ");
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readUtf8();
  }
}

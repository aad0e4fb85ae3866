package dev.lipsync.store.json;

import com.squareup.moshi.JsonWriter;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Writes the model as {@link JobJson} describes. A field whose value is null is left out: the writer
 * does not serialize nulls, so {@code out.name("x").value(null)} writes nothing at all.
 */
final class ModelToJson {
  private ModelToJson() {}

  static void job(JsonWriter out, LipSyncJob job) throws IOException {
    out.beginObject();
    out.name("format").value(JobJson.FORMAT);
    video(out.name("video"), job.video());
    out.name("dubs").beginArray();
    for (Dub dub : job.dubs()) {
      dub(out, dub);
    }
    out.endArray();
    out.name("callbackUrl").value(text(job.callbackUrl()));
    out.name("idempotencyKey").value(job.idempotencyKey());
    out.name("timeout").value(text(job.timeout()));
    strings(out.name("preferredVendors"), job.preferredVendors());
    // A set's order changes from one run to the next; sorted, the same job always reads the same.
    strings(out.name("excludedVendors"), new TreeSet<>(job.excludedVendors()));
    out.name("watermark").value(job.watermark());
    out.name("faceMatch").value(name(job.faceMatch()));
    out.name("chaining").value(job.chaining());
    out.endObject();
  }

  static void attempts(JsonWriter out, List<Attempt> attempts) throws IOException {
    out.beginArray();
    for (Attempt attempt : attempts) {
      out.beginObject();
      out.name("vendor").value(attempt.vendor());
      out.name("outcome").value(name(attempt.outcome()));
      out.name("submitSent").value(attempt.submitSent());
      if (attempt.taskRef() != null) {
        taskRef(out.name("taskRef"), attempt.taskRef());
      }
      out.name("reason").value(attempt.reason() == null ? null : name(attempt.reason()));
      out.name("error").value(attempt.error());
      out.endObject();
    }
    out.endArray();
  }

  static void result(JsonWriter out, LipSyncResult result) throws IOException {
    out.beginObject();
    taskRef(out.name("taskRef"), result.taskRef());
    videos(out.name("videos"), result.videos());
    attempts(out.name("attempts"), result.attempts());
    strings(out.name("faceRules"), result.faceRules());
    out.name("steps").beginArray();
    for (ChainStep step : result.steps()) {
      out.beginObject();
      out.name("number").value(step.number());
      taskRef(out.name("taskRef"), step.taskRef());
      videos(out.name("videos"), step.videos());
      strings(out.name("faceRules"), step.faceRules());
      out.endObject();
    }
    out.endArray();
    out.name("idempotencyKey").value(result.idempotencyKey());
    // A BigDecimal is written as its own digits, so 0.4200 keeps its scale.
    out.name("estimatedCostUsd").value(result.estimatedCostUsd());
    out.name("billedUnits").value(result.billedUnits());
    out.name("startedAt").value(result.startedAt().toString());
    out.name("finishedAt").value(result.finishedAt().toString());
    out.endObject();
  }

  private static void videos(JsonWriter out, List<ResultVideo> videos) throws IOException {
    out.beginArray();
    for (ResultVideo video : videos) {
      out.beginObject();
      out.name("url").value(video.url().toString());
      out.name("duration").value(text(video.duration()));
      out.name("id").value(video.id());
      out.name("watermarkUrl").value(text(video.watermarkUrl()));
      out.endObject();
    }
    out.endArray();
  }

  private static void video(JsonWriter out, VideoSource video) throws IOException {
    out.beginObject();
    if (video instanceof VideoSource.Url url) {
      out.name("type").value("url");
      out.name("url").value(url.url().toString());
    } else if (video instanceof VideoSource.VendorVideo vendorVideo) {
      out.name("type").value("vendor_video");
      out.name("videoId").value(vendorVideo.videoId());
      out.name("taskId").value(vendorVideo.taskId());
      out.name("vendor").value(vendorVideo.vendor());
    }
    out.endObject();
  }

  private static void dub(JsonWriter out, Dub dub) throws IOException {
    out.beginObject();
    face(out.name("face"), dub.face());
    audio(out.name("audio"), dub.audio());
    if (dub.clip() != null) {
      out.name("clip").beginObject();
      out.name("startMs").value(dub.clip().startMs());
      out.name("endMs").value(dub.clip().endMs());
      out.endObject();
    }
    out.name("insertAtMs").value(dub.insertAtMs());
    out.name("volume").value(dub.volume());
    out.name("originalVolume").value(dub.originalVolume());
    out.name("audioLength").value(text(dub.audioLength()));
    out.endObject();
  }

  private static void face(JsonWriter out, FaceSelector face) throws IOException {
    out.beginObject();
    if (face instanceof FaceSelector.Unnamed) {
      out.name("type").value("unnamed");
    } else if (face instanceof FaceSelector.NthByAppearance nth) {
      out.name("type").value("nth");
      out.name("n").value(nth.n());
    } else if (face instanceof FaceSelector.All) {
      out.name("type").value("all");
    } else if (face instanceof FaceSelector.LongestOnScreen) {
      out.name("type").value("longest_on_screen");
    } else if (face instanceof FaceSelector.OnScreenAt onScreenAt) {
      out.name("type").value("on_screen_at");
      out.name("atMs").value(onScreenAt.atMs());
    } else if (face instanceof FaceSelector.ById byId) {
      out.name("type").value("by_id");
      out.name("faceId").value(byId.faceId());
    } else if (face instanceof FaceSelector.LookingLike lookingLike) {
      out.name("type").value("looking_like");
      out.name("imageUrl").value(lookingLike.imageUrl().toString());
    } else {
      // JobJson.write refuses such a job before writing any of it.
      throw new IllegalStateException("a face selector the JSON form cannot hold: " + face);
    }
    out.endObject();
  }

  private static void audio(JsonWriter out, AudioSource audio) throws IOException {
    out.beginObject();
    if (audio instanceof AudioSource.AudioUrl url) {
      out.name("type").value("url");
      out.name("url").value(url.url().toString());
    } else if (audio instanceof AudioSource.AudioBytes bytes) {
      out.name("type").value("bytes");
      out.name("data").value(bytes.base64());
      out.name("format").value(name(bytes.format()));
    } else if (audio instanceof AudioSource.VendorAudioId vendorAudio) {
      out.name("type").value("vendor_audio");
      out.name("id").value(vendorAudio.id());
      out.name("vendor").value(vendorAudio.vendor());
    } else if (audio instanceof AudioSource.Speech speech) {
      out.name("type").value("speech");
      out.name("text").value(speech.text());
      out.name("voiceId").value(speech.voiceId());
      out.name("language").value(name(speech.language()));
      out.name("speed").value(speech.speed());
    }
    out.endObject();
  }

  private static void taskRef(JsonWriter out, TaskRef taskRef) throws IOException {
    out.beginObject();
    out.name("vendor").value(taskRef.vendor());
    out.name("taskId").value(taskRef.taskId());
    out.endObject();
  }

  private static void strings(JsonWriter out, Collection<String> strings) throws IOException {
    out.beginArray();
    for (String string : strings) {
      out.value(string);
    }
    out.endArray();
  }

  /** An enum constant as the JSON form names it: {@code OUTCOME_UNKNOWN} is {@code outcome_unknown}. */
  static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** URIs, Durations (ISO-8601, exact to the nanosecond) and the like as text; null stays null. */
  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }
}

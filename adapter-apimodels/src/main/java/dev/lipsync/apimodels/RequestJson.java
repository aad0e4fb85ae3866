package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.ApiModelsFields.CALLBACK_URL;
import static dev.lipsync.apimodels.ApiModelsFields.FACE_CHOOSE;
import static dev.lipsync.apimodels.ApiModelsFields.FACE_ID;
import static dev.lipsync.apimodels.ApiModelsFields.IDENTIFY_MODEL;
import static dev.lipsync.apimodels.ApiModelsFields.LIP_SYNC_MODEL;
import static dev.lipsync.apimodels.ApiModelsFields.MODEL;
import static dev.lipsync.apimodels.ApiModelsFields.ORIGINAL_AUDIO_VOLUME;
import static dev.lipsync.apimodels.ApiModelsFields.SESSION_ID;
import static dev.lipsync.apimodels.ApiModelsFields.SOUND_END_TIME;
import static dev.lipsync.apimodels.ApiModelsFields.SOUND_FILE;
import static dev.lipsync.apimodels.ApiModelsFields.SOUND_INSERT_TIME;
import static dev.lipsync.apimodels.ApiModelsFields.SOUND_START_TIME;
import static dev.lipsync.apimodels.ApiModelsFields.SOUND_VOLUME;
import static dev.lipsync.apimodels.ApiModelsFields.VIDEO_URL;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import dev.lipsync.apimodels.ApiModelsProvider.Variant;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the request bodies with one variant's names, read from {@link ApiModelsFields}: the request
 * records carry no names of their own, because a Moshi {@code @Json} name is fixed at compile time and
 * the names depend on the provider's variant. Each provider gives its Moshi one of these. Null optional
 * values are left out. Requests are only written, never read. Immutable.
 */
final class RequestJson implements JsonAdapter.Factory {
  private final Variant variant;

  RequestJson(Variant variant) {
    this.variant = Objects.requireNonNull(variant, "variant == null");
  }

  @Override
  public @Nullable JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    if (type == IdentifyRequest.class) {
      return new Writer<IdentifyRequest>(this::writeIdentify);
    }
    if (type == LipSyncRequest.class) {
      return new Writer<LipSyncRequest>(this::writeLipSync);
    }
    return null;
  }

  private void writeIdentify(JsonWriter out, IdentifyRequest request) throws IOException {
    out.beginObject();
    name(out, MODEL).value(IDENTIFY_MODEL.of(variant));
    name(out, VIDEO_URL).value(request.videoUrl());
    out.endObject();
  }

  private void writeLipSync(JsonWriter out, LipSyncRequest request) throws IOException {
    out.beginObject();
    name(out, MODEL).value(LIP_SYNC_MODEL.of(variant));
    name(out, SESSION_ID).value(request.sessionId());
    name(out, FACE_CHOOSE).beginArray();
    for (LipSyncRequest.ChosenFace face : request.faces()) {
      out.beginObject();
      name(out, FACE_ID).value(face.faceId());
      name(out, SOUND_FILE).value(face.soundFile());
      name(out, SOUND_START_TIME).value(face.soundStartTime());
      name(out, SOUND_END_TIME).value(face.soundEndTime());
      name(out, SOUND_INSERT_TIME).value(face.soundInsertTime());
      optional(out, SOUND_VOLUME, face.soundVolume());
      optional(out, ORIGINAL_AUDIO_VOLUME, face.originalAudioVolume());
      out.endObject();
    }
    out.endArray();
    String callbackUrl = request.callbackUrl();
    if (callbackUrl != null) {
      name(out, CALLBACK_URL).value(callbackUrl);
    }
    out.endObject();
  }

  private JsonWriter name(JsonWriter out, ApiModelsFields field) throws IOException {
    return out.name(field.of(variant));
  }

  private void optional(JsonWriter out, ApiModelsFields field, @Nullable Double value) throws IOException {
    if (value != null) {
      name(out, field).value(value.doubleValue());
    }
  }

  /** How one request record is written. */
  @FunctionalInterface
  private interface Body<T> {
    void write(JsonWriter out, T value) throws IOException;
  }

  /** An adapter that only writes: reading a request is no part of a client. */
  private static final class Writer<T> extends JsonAdapter<T> {
    private final Body<T> body;

    Writer(Body<T> body) {
      this.body = body;
    }

    @Override
    public @Nullable T fromJson(JsonReader reader) {
      throw new UnsupportedOperationException("apimodels' requests are written, never read");
    }

    @Override
    public void toJson(JsonWriter out, @Nullable T value) throws IOException {
      if (value == null) {
        out.nullValue();
      } else {
        body.write(out, value);
      }
    }
  }
}

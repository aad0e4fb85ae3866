package dev.lipsync.support.upstream;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The request of Kling's {@code POST /v1/videos/advanced-lip-sync}, as Kling's reference writes it. */
public final class AdvancedWire {
  private AdvancedWire() {}

  /**
   * The whole body.
   *
   * @param <F> the class of its face entries: {@link FaceChoose}, or the subclass of a relay that sends
   *     more fields, named here since Moshi writes what a field's declared type has, not its value's
   */
  public static final class Request<F extends FaceChoose> {
    /** The identification's {@code session_id}. */
    public @Nullable String session_id;
    /** One entry per face to dub. */
    public @Nullable List<F> face_choose;
    /** The job's idempotency key, which Kling holds unique per account. */
    public @Nullable String external_task_id;
    /** Where Kling posts the task object on every change. */
    public @Nullable String callback_url;
    /** Sent only when the job asks for a watermarked copy. */
    public @Nullable WatermarkInfo watermark_info;
  }

  /** {@code {"enabled": true}}: a watermarked copy besides the video. */
  public static final class WatermarkInfo {
    /** Whether Kling makes the watermarked copy. */
    public boolean enabled;
  }

  /**
   * One face and its audio: exactly one of {@code audio_id} and {@code sound_file}; the three times in
   * milliseconds, all required by Kling; the volumes 0–2. Not final: a relay whose page names a field
   * otherwise sends that name too from a subclass.
   */
  public static class FaceChoose {
    /** A {@code face_data[].face_id} of the session. */
    public @Nullable String face_id;
    /** A Kling audio's id (of its text to speech, say). */
    public @Nullable String audio_id;
    /** A public URL or the file's bytes in Base64. */
    public @Nullable String sound_file;
    /**
     * Where the clip starts in the audio: a {@code Long}, as Kling reads it, or what else the adapter's
     * time writer makes of the milliseconds (a string, where a relay's page shows one).
     */
    public @Nullable Object sound_start_time;
    /** Where the clip ends in the audio, written as {@link #sound_start_time}. */
    public @Nullable Object sound_end_time;
    /** Where in the video the clip goes, written as {@link #sound_start_time}. */
    public @Nullable Object sound_insert_time;
    /** The dub's volume, 0–2. */
    public @Nullable Double sound_volume;
    /** The original soundtrack's volume, 0–2. */
    public @Nullable Double original_audio_volume;
  }
}

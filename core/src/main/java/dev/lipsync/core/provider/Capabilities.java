package dev.lipsync.core.provider;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.DubSettings;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a vendor can do. A vendor offers one or more {@link Mode modes} (endpoints), each serving a
 * particular combination of video, audio and settings; a job can go to a vendor when one mode serves
 * all of it. This is how the gateway sends a job only where every setting it carries will be honoured.
 *
 * <pre>{@code
 * Capabilities.builder()
 *     .mode(Mode.builder("advanced")
 *         .videos(VideoKind.URL, VideoKind.VENDOR_VIDEO)
 *         .audio(AudioKind.URL, AudioKind.BYTES, AudioKind.VENDOR_AUDIO)
 *         .maxFaces(4).faceChoosing(FaceChoosing.BY_ID).clipTiming(true).insertTime(true).volumes(true)
 *         .build())
 *     .callbacks(true)
 *     .idempotencyKeys(true)
 *     .build();
 * }</pre>
 *
 * @param modes the vendor's modes, at least one
 * @param callbacks whether the vendor posts status changes to a callback URL
 * @param idempotencyKeys whether the vendor takes the job's idempotency key with a submit
 * @param findsTasksByIdempotencyKey whether the vendor can look a task up by that key
 * @param cancels whether the vendor can cancel a task
 */
public record Capabilities(
    List<Mode> modes,
    boolean callbacks,
    boolean idempotencyKeys,
    boolean findsTasksByIdempotencyKey,
    boolean cancels) {

  public Capabilities {
    modes = List.copyOf(modes);
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("a vendor offers at least one mode");
    }
  }

  /** Starts a description; add at least one mode. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Why no mode of this vendor can serve the job, or empty when one can. Checked before anything is
   * sent, from the job alone; {@link #modeFor(String, SubmitRequest)} checks again with the session.
   */
  public Optional<String> whyNot(LipSyncJob job) {
    List<String> reasons = new ArrayList<>();
    for (Mode mode : modes) {
      Optional<String> reason = mode.whyNot(job);
      if (reason.isEmpty()) {
        return Optional.empty();
      }
      reasons.add(modes.size() == 1 ? reason.get() : mode.name() + ": " + reason.get());
    }
    return Optional.of(String.join("; ", reasons));
  }

  /**
   * Whether some mode tells the vendor the face by its picture ({@link FaceChoosing#BY_PICTURE}): the
   * gateway then gives a face without a picture in this vendor's session the picture of the face the
   * same selector chose in another vendor's session of the job, where it saw one.
   */
  public boolean takesFacePictures() {
    return modes.stream().anyMatch(m -> m.faceChoosing() == FaceChoosing.BY_PICTURE);
  }

  /** The modes that can serve the job, in the vendor's order of preference. */
  public List<Mode> modesFor(LipSyncJob job) {
    return modes.stream().filter(m -> m.whyNot(job).isEmpty()).toList();
  }

  /**
   * The first mode that can serve a submit, face choice included.
   *
   * @throws NotSupportedException naming, mode by mode, what the vendor lacks; nothing has been sent
   */
  public Mode modeFor(String vendor, SubmitRequest request) {
    List<String> reasons = new ArrayList<>();
    for (Mode mode : modes) {
      Optional<String> reason = mode.whyNot(request);
      if (reason.isEmpty()) {
        return mode;
      }
      reasons.add(modes.size() == 1 ? reason.get() : mode.name() + ": " + reason.get());
    }
    throw new NotSupportedException(vendor, "cannot serve this request: " + String.join("; ", reasons));
  }

  /**
   * How a mode's request tells the vendor which face to dub. {@link Mode#whyNot(SubmitRequest)} applies
   * it, and {@link Mode#leavesFaceToVendor} says when the vendor chooses.
   */
  public enum FaceChoosing {
    /** By the face's id in the vendor's session (Kling's {@code face_choose[].face_id}): any face. */
    BY_ID,
    /**
     * By a picture of the face (alad's {@code face_image_url}), as the request takes no face id. A dub
     * is served when the session holds one face, or its face has a picture ({@link Face#imageUrl()}: the
     * vendor's own, or the gateway's from another vendor's session of the job), or it names no face
     * ({@link FaceSelector#unnamed()}): then the vendor chooses. A dub that names a face of several
     * without a picture of it is refused before anything is sent.
     */
    BY_PICTURE,
    /** Not at all: the vendor dubs the face it finds, so only a session with exactly one face is served. */
    NONE
  }

  /**
   * One way a vendor serves lip-sync (one endpoint), with what it accepts.
   *
   * @param name a short name, e.g. {@code advanced}
   * @param videos the kinds of video it takes
   * @param audio the kinds of audio it takes
   * @param speechLanguages the voice languages, when it speaks text
   * @param maxFaces how many faces one task can dub
   * @param faceChoosing how the request tells the vendor which face to dub, and so which sessions and
   *     dubs it serves
   * @param clipTiming whether a part of the audio can be chosen
   * @param insertTime whether the audio's place in the video can be chosen
   * @param volumes whether the audio's and the original soundtrack's volumes can be set
   * @param voiceSpeed whether spoken text can be faster or slower than normal
   * @param clipRequired whether every audio file must come with its clip's times (Kling's {@code
   *     face_choose} marks them required): a dub without a clip is then sent with the whole audio, so
   *     its length must be known ({@link DubSettings#clipOrDefault()})
   * @param watermark whether it can also make a copy of the video with the vendor's watermark
   *     (Kling's {@code watermark_info})
   * @param speechFirst whether text is spoken by the vendor's text-to-speech call before the submit
   *     ({@link LipSyncProvider#speak}) and sent as the vendor's audio, with its length as the clip
   *     (Kling: {@code /v1/audio/tts}, then {@code audio_id}); otherwise a mode that speaks takes the
   *     text in the submit itself (alad's text mode). Such a mode takes vendor audio
   */
  public record Mode(
      String name,
      Set<VideoKind> videos,
      Set<AudioKind> audio,
      Set<VoiceLanguage> speechLanguages,
      int maxFaces,
      FaceChoosing faceChoosing,
      boolean clipTiming,
      boolean insertTime,
      boolean volumes,
      boolean voiceSpeed,
      boolean clipRequired,
      boolean watermark,
      boolean speechFirst) {

    private static final String TOO_MANY_FACES = "dubs at most ";

    public Mode {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(faceChoosing, "faceChoosing == null");
      videos = Set.copyOf(videos);
      audio = Set.copyOf(audio);
      speechLanguages = Set.copyOf(speechLanguages);
      if (maxFaces < 1) {
        throw new IllegalArgumentException("maxFaces < 1: " + maxFaces);
      }
      if (audio.contains(AudioKind.SPEECH) != !speechLanguages.isEmpty()) {
        throw new IllegalArgumentException("speech languages go with, and only with, speech audio");
      }
      if (voiceSpeed && speechLanguages.isEmpty()) {
        throw new IllegalArgumentException("voice speed goes with speech audio");
      }
      if (clipRequired && !clipTiming) {
        throw new IllegalArgumentException("a mode that requires the clip takes one");
      }
      if (speechFirst && (speechLanguages.isEmpty() || !audio.contains(AudioKind.VENDOR_AUDIO))) {
        throw new IllegalArgumentException("a mode that speaks text first speaks some language and takes vendor audio");
      }
    }

    /** Starts a mode with nothing accepted. */
    public static Builder builder(String name) {
      return new Builder(name);
    }

    /** Why this mode cannot serve the job, or empty when it can. */
    public Optional<String> whyNot(LipSyncJob job) {
      // How many faces "all" means is known only after identification: it needs a mode that can dub
      // several, and the real count is checked again at submit.
      boolean allFaces = job.dubs().stream().anyMatch(d -> d.face() instanceof FaceSelector.All);
      int faces = allFaces ? Math.max(2, job.dubs().size()) : job.dubs().size();
      // A chain of tasks, each on the last one's video, dubs at most maxFaces per task.
      Optional<String> reason = whyNot(job.video(), job.dubs(), chains(job) ? maxFaces : faces, job.watermark());
      if (reason.isEmpty() || faces <= maxFaces || !reason.get().startsWith(TOO_MANY_FACES)) {
        return reason;
      }
      String why = allFaces ? "\"all faces\" is dubbed in one task, never in a chain"
          : !job.chaining() ? "the job forbids a chain of tasks"
          : "a chain's later steps dub the last task's video by URL, which this mode does not take";
      return Optional.of(reason.get() + " (" + why + ")");
    }

    /**
     * Whether this mode dubs the job as a chain of tasks ({@link LipSyncJob#chaining()}): it names more
     * faces than one task dubs, each by a selector of its own (not "all faces", whose number is known
     * only in a session), and the chain's later steps, which dub the previous task's video by its URL,
     * can be sent here.
     */
    public boolean chains(LipSyncJob job) {
      return job.chaining()
          && job.dubs().size() > maxFaces
          && job.dubs().stream().noneMatch(d -> d.face() instanceof FaceSelector.All)
          && videos.contains(VideoKind.URL);
    }

    /**
     * Why this mode cannot serve a submit, or empty when it can. Beyond the job's checks, the faces are
     * checked as its {@link FaceChoosing} says: a mode that cannot be told the face serves only a session
     * with exactly one face; one that takes a picture serves a named face only with a picture of it.
     */
    public Optional<String> whyNot(SubmitRequest request) {
      Optional<String> reason = whyNot(
          request.session().video(), request.dubs(), request.dubs().size(), request.watermark());
      if (reason.isPresent()) {
        return reason;
      }
      int faces = request.session().faces().size();
      return switch (faceChoosing) {
        case BY_ID -> Optional.empty();
        case NONE -> faces == 1 ? Optional.empty() : Optional.of(
            "cannot choose a face, and the vendor found " + faces + " faces in the video");
        case BY_PICTURE -> whyNoPicture(request);
      };
    }

    /** Why a picture-taking mode cannot tell the vendor which face a dub names, or empty. */
    private Optional<String> whyNoPicture(SubmitRequest request) {
      int faces = request.session().faces().size();
      for (int i = 0; i < request.dubs().size(); i++) {
        Face face = request.dubs().get(i).face();
        FaceSelector selector = request.selectors().get(i);
        // With a single face there is nothing to tell; with a picture, the picture tells it.
        if (faces > 1 && face.imageUrl() == null && !leavesFaceToVendor(request.session(), selector, face)) {
          return Optional.of("takes no face id, and no picture is known of the face dub[" + i + "] names ("
              + selector + "); the vendor found " + faces + " faces in the video");
        }
      }
      return Optional.empty();
    }

    /**
     * Whether the vendor, not the job, chooses which face this mode dubs: the mode takes a picture and no
     * face id, none is known of {@code face}, the dub names no face ({@link FaceSelector#unnamed()}), and
     * the session holds several faces. The gateway then says in the result's face rule that the vendor
     * chose.
     *
     * @param session the session the face belongs to
     * @param selector the job's selector that chose {@code face}
     * @param face the face it chose, with the picture the request will carry, if any
     */
    public boolean leavesFaceToVendor(FaceSession session, FaceSelector selector, Face face) {
      return faceChoosing == FaceChoosing.BY_PICTURE
          && selector instanceof FaceSelector.Unnamed
          && face.imageUrl() == null
          && session.faces().size() > 1;
    }

    private Optional<String> whyNot(
        VideoSource video, List<? extends DubSettings> dubs, int faces, boolean watermarked) {
      if (watermarked && !watermark) {
        return Optional.of("makes no watermarked copy");
      }
      if (!videos.contains(video.kind())) {
        return Optional.of("takes no " + describe(video.kind()));
      }
      if (faces > maxFaces) {
        return Optional.of(TOO_MANY_FACES + maxFaces + " face" + (maxFaces == 1 ? "" : "s") + " per task");
      }
      for (DubSettings dub : dubs) {
        AudioSource source = dub.audio();
        if (!audio.contains(source.kind())) {
          return Optional.of("takes no " + describe(source.kind()));
        }
        if (source instanceof AudioSource.Speech speech) {
          if (!speechLanguages.contains(speech.language())) {
            return Optional.of("speaks no " + speech.language().code());
          }
          if (speech.speed() != 1.0 && !voiceSpeed) {
            return Optional.of("cannot change the voice's speed (" + speech.speed() + ")");
          }
        }
        if (dub.clip() != null && !clipTiming) {
          return Optional.of("cannot cut the audio to a clip");
        }
        if (clipRequired && source.kind() != AudioKind.SPEECH && dub.clipOrDefault() == null) {
          return Optional.of("requires the clip's times, and the audio's length is not known to send"
              + " the whole audio: give the clip (Dub.clip; --audio-start-ms and --audio-end-ms in the"
              + " command)");
        }
        if (dub.insertAtMs() != null && !insertTime) {
          return Optional.of("cannot place the audio at a chosen time");
        }
        if (dub.hasMixSettings() && !volumes) {
          return Optional.of("cannot set volumes");
        }
      }
      return Optional.empty();
    }

    private static String describe(VideoKind kind) {
      return switch (kind) {
        case URL -> "video by URL";
        case VENDOR_VIDEO -> "video by vendor video id";
      };
    }

    private static String describe(AudioKind kind) {
      return switch (kind) {
        case URL -> "audio by URL";
        case BYTES -> "audio as bytes";
        case VENDOR_AUDIO -> "audio by vendor audio id";
        case SPEECH -> "text to speak (text mode)";
      };
    }

    /** Builds a {@link Mode}; everything not switched on is not offered. Not thread-safe. */
    public static final class Builder {
      private final String name;
      private final Set<VideoKind> videos = EnumSet.noneOf(VideoKind.class);
      private final Set<AudioKind> audio = EnumSet.noneOf(AudioKind.class);
      private final Set<VoiceLanguage> speechLanguages = EnumSet.noneOf(VoiceLanguage.class);
      private int maxFaces = 1;
      private FaceChoosing faceChoosing = FaceChoosing.NONE;
      private boolean clipTiming;
      private boolean insertTime;
      private boolean volumes;
      private boolean voiceSpeed;
      private boolean clipRequired;
      private boolean watermark;
      private boolean speechFirst;

      private Builder(String name) {
        this.name = Objects.requireNonNull(name, "name == null");
      }

      public Builder videos(VideoKind... kinds) {
        videos.addAll(List.of(kinds));
        return this;
      }

      public Builder audio(AudioKind... kinds) {
        audio.addAll(List.of(kinds));
        return this;
      }

      /** Text mode, in these languages. */
      public Builder speech(VoiceLanguage... languages) {
        audio.add(AudioKind.SPEECH);
        speechLanguages.addAll(List.of(languages));
        return this;
      }

      public Builder maxFaces(int maxFaces) {
        this.maxFaces = maxFaces;
        return this;
      }

      /** How the request tells the vendor which face to dub; {@link FaceChoosing#NONE} unless set. */
      public Builder faceChoosing(FaceChoosing faceChoosing) {
        this.faceChoosing = Objects.requireNonNull(faceChoosing, "faceChoosing == null");
        return this;
      }

      public Builder clipTiming(boolean clipTiming) {
        this.clipTiming = clipTiming;
        return this;
      }

      public Builder insertTime(boolean insertTime) {
        this.insertTime = insertTime;
        return this;
      }

      public Builder volumes(boolean volumes) {
        this.volumes = volumes;
        return this;
      }

      /** Spoken text at a speed other than normal (requires {@link #speech}). */
      public Builder voiceSpeed(boolean voiceSpeed) {
        this.voiceSpeed = voiceSpeed;
        return this;
      }

      /**
       * Every audio file goes with its clip's times; a dub without a clip is sent with the whole audio
       * (implies {@link #clipTiming}).
       */
      public Builder clipRequired(boolean clipRequired) {
        this.clipRequired = clipRequired;
        this.clipTiming |= clipRequired;
        return this;
      }

      /** A copy of the video with the vendor's watermark, on request ({@link LipSyncJob#watermark()}). */
      public Builder watermark(boolean watermark) {
        this.watermark = watermark;
        return this;
      }

      /**
       * Text in these languages, spoken by the vendor's text-to-speech call before the submit and sent
       * as its audio ({@link LipSyncProvider#speak}); implies vendor audio.
       */
      public Builder speechFirst(VoiceLanguage... languages) {
        speech(languages);
        audio.add(AudioKind.VENDOR_AUDIO);
        this.speechFirst = true;
        return this;
      }

      public Mode build() {
        if (videos.isEmpty() || audio.isEmpty()) {
          throw new IllegalStateException("Mode " + name + " must take at least one video and one audio kind.");
        }
        return new Mode(
            name, videos, audio, speechLanguages, maxFaces, faceChoosing, clipTiming, insertTime,
            volumes, voiceSpeed, clipRequired, watermark, speechFirst);
      }
    }
  }

  /** Builds {@link Capabilities}. Not thread-safe. */
  public static final class Builder {
    private final List<Mode> modes = new ArrayList<>();
    private boolean callbacks;
    private boolean idempotencyKeys;
    private boolean findsTasksByIdempotencyKey;
    private boolean cancels;

    private Builder() {}

    public Builder mode(Mode mode) {
      modes.add(Objects.requireNonNull(mode, "mode == null"));
      return this;
    }

    public Builder callbacks(boolean callbacks) {
      this.callbacks = callbacks;
      return this;
    }

    public Builder idempotencyKeys(boolean idempotencyKeys) {
      this.idempotencyKeys = idempotencyKeys;
      return this;
    }

    public Builder findsTasksByIdempotencyKey(boolean finds) {
      this.findsTasksByIdempotencyKey = finds;
      return this;
    }

    public Builder cancels(boolean cancels) {
      this.cancels = cancels;
      return this;
    }

    public Capabilities build() {
      if (modes.isEmpty()) {
        throw new IllegalStateException("At least one mode required.");
      }
      return new Capabilities(modes, callbacks, idempotencyKeys, findsTasksByIdempotencyKey, cancels);
    }
  }
}

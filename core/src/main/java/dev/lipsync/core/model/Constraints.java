package dev.lipsync.core.model;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The limits every vendor documents, checked before anything is sent. Collects every violation, so one
 * error tells the caller all that is wrong with a job.
 */
final class Constraints {
  static final long MIN_CLIP_MS = AudioClip.MIN_MS;
  static final long MAX_CLIP_MS = AudioClip.MAX_MS;
  static final double MIN_VOLUME = 0;
  static final double MAX_VOLUME = 2;
  static final int MAX_TEXT_CHARS = 120;
  static final double MIN_SPEED = 0.8;
  static final double MAX_SPEED = 2.0;
  static final int MAX_AUDIO_BYTES = AudioSource.MAX_BYTES;
  static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;

  private final List<Violation> violations = new ArrayList<>();

  void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
  }

  /** A text value in quotes, shortened if long; the quotes make blanks visible. */
  private static String quoted(String text) {
    return "\"" + Violation.abbreviate(text) + "\"";
  }

  private void add(String field, Object value, String rule) {
    violations.add(new Violation(field, String.valueOf(value), rule));
  }

  VideoSource checkVideo(List<VideoSource> videos) {
    if (videos.size() != 1) {
      add("video", videos.isEmpty() ? "(none)" : videos.size() + " videos",
          "must be exactly one of a video URL or a vendor video id");
      return videos.isEmpty() ? VideoSource.vendorVideo("(none)") : videos.get(0);
    }
    if (videos.get(0) instanceof VideoSource.VendorVideo v && v.videoId().isBlank()) {
      add("video.id", quoted(v.videoId()), "must not be blank");
    }
    return videos.get(0);
  }

  @Nullable URI checkCallbackUrl(@Nullable String url) {
    if (url == null) {
      return null;
    }
    try {
      return Urls.httpUrl("callbackUrl", url);
    } catch (InvalidRequestException e) {
      violations.addAll(e.violations());
      return null;
    }
  }

  void checkIdempotencyKey(String key) {
    if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS
        || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      // An over-long key is named by its length, as an over-long text is.
      String shown = key.length() > MAX_IDEMPOTENCY_KEY_CHARS ? key.length() + " characters" : quoted(key);
      add("idempotencyKey", shown,
          "must be 1 to " + MAX_IDEMPOTENCY_KEY_CHARS + " printable ASCII characters without spaces");
    }
  }

  void checkTimeout(@Nullable Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      add("timeout", timeout, "must be positive");
    }
  }

  void checkVendors(List<String> preferred, Set<String> excluded) {
    for (String vendor : preferred) {
      if (excluded.contains(vendor)) {
        add("preferredVendors", vendor, "is also excluded; a vendor is either preferred or excluded");
      }
    }
  }

  void checkDubs(List<Dub> dubs) {
    if (dubs.isEmpty()) {
      add("dubs", "(none)", "must hold at least one dub");
      return;
    }
    Map<FaceSelector, Integer> seen = new HashMap<>();
    for (int i = 0; i < dubs.size(); i++) {
      Dub dub = dubs.get(i);
      String path = "dub[" + i + "]";
      // The unnamed default is the first face wherever a face is chosen, so it collides with face 1.
      FaceSelector face = dub.face() instanceof FaceSelector.Unnamed ? FaceSelector.first() : dub.face();
      Integer earlier = seen.putIfAbsent(face, i);
      if (earlier != null) {
        add(path + ".face", dub.face(),
            "is already dubbed by dub[" + earlier + "]; each face takes exactly one audio source");
      }
      if (dub.face() instanceof FaceSelector.All && dubs.size() > 1) {
        add(path + ".face", dub.face(),
            "cannot be combined with other dubs; each face takes exactly one audio source");
      }
      if (dub.face() instanceof FaceSelector.NthByAppearance nth && nth.n() < 1) {
        add(path + ".face", nth.n(), "must be 1 or more (faces count from 1 by order of appearance)");
      }
      checkAudio(path + ".audio", dub.audio());
      checkClip(path, dub);
      checkAudioLength(path, dub);
      if (dub.insertAtMs() != null && dub.insertAtMs() < 0) {
        add(path + ".insertAtMs", dub.insertAtMs() + " ms", "is negative; must be 0 or more");
      }
      checkVolume(path + ".volume", dub.volume());
      checkVolume(path + ".originalVolume", dub.originalVolume());
    }
  }

  private void checkClip(String path, Dub dub) {
    AudioClip clip = dub.clip();
    if (clip == null) {
      return;
    }
    if (dub.audio() instanceof AudioSource.Speech) {
      add(path + ".clip", clip.startMs() + "–" + clip.endMs() + " ms",
          "applies to audio files, not to speech the vendor generates");
      return;
    }
    if (clip.startMs() < 0) {
      add(path + ".clip.startMs", clip.startMs() + " ms", "is negative; must be 0 or more");
    }
    if (clip.lengthMs() < MIN_CLIP_MS) {
      add(path + ".clip", clip.lengthMs() + " ms",
          "is shorter than the " + MIN_CLIP_MS + " ms minimum");
    } else if (clip.lengthMs() > MAX_CLIP_MS) {
      add(path + ".clip", clip.lengthMs() + " ms",
          "is longer than the " + MAX_CLIP_MS + " ms maximum");
    }
  }

  /** A known length must leave room for the clip vendors need: at least 2 s, and the clip inside it. */
  private void checkAudioLength(String path, Dub dub) {
    Duration length = dub.audioLength();
    if (length == null) {
      return;
    }
    long ms = length.toMillis();
    AudioClip clip = dub.clip();
    if (clip == null && ms < MIN_CLIP_MS) {
      add(path + ".audioLength", ms + " ms",
          "is shorter than the " + MIN_CLIP_MS + " ms of audio vendors take at least");
    } else if (clip != null && clip.endMs() > ms) {
      add(path + ".clip.endMs", clip.endMs() + " ms",
          "is past the end of the audio (" + ms + " ms); the clip must lie inside the audio");
    }
  }

  private void checkVolume(String field, @Nullable Double volume) {
    if (volume != null && !(volume >= MIN_VOLUME && volume <= MAX_VOLUME)) {
      add(field, volume, "is outside the range " + MIN_VOLUME + " to " + MAX_VOLUME);
    }
  }

  private void checkAudio(String path, AudioSource audio) {
    switch (audio.kind()) {
      case URL -> { }
      case BYTES -> {
        int size = ((AudioSource.AudioBytes) audio).size();
        if (size == 0) {
          add(path + ".data", "0 bytes", "is empty");
        } else if (size > MAX_AUDIO_BYTES) {
          add(path + ".data", size + " bytes",
              "is larger than the 5 MB maximum (" + MAX_AUDIO_BYTES + " bytes)");
        }
      }
      case VENDOR_AUDIO -> {
        String id = ((AudioSource.VendorAudioId) audio).id();
        if (id.isBlank()) {
          add(path + ".id", quoted(id), "must not be blank");
        }
      }
      case SPEECH -> checkSpeech(path, (AudioSource.Speech) audio);
    }
  }

  private void checkSpeech(String path, AudioSource.Speech speech) {
    int chars = speech.text().codePointCount(0, speech.text().length());
    if (speech.text().isBlank()) {
      add(path + ".text", quoted(speech.text()), "must not be blank");
    } else if (chars > MAX_TEXT_CHARS) {
      add(path + ".text", chars + " characters",
          "is longer than the " + MAX_TEXT_CHARS + " character maximum");
    }
    if (speech.voiceId().isBlank()) {
      add(path + ".voiceId", quoted(speech.voiceId()), "must not be blank");
    }
    if (!(speech.speed() >= MIN_SPEED && speech.speed() <= MAX_SPEED)) {
      add(path + ".speed", speech.speed(), "is outside the range " + MIN_SPEED + " to " + MAX_SPEED);
    }
  }
}

package dev.lipsync.core.model;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a face says: an audio file (by URL or as bytes), audio the vendor made earlier (by id), or text
 * the vendor speaks with one of its voices.
 *
 * <p>The variants are a closed set. {@link #kind()} names each one, so code that handles audio can
 * switch over it and the compiler checks that no variant is forgotten:
 *
 * <pre>{@code
 * String describe(AudioSource audio) {
 *   return switch (audio.kind()) {
 *     case URL -> "file at " + ((AudioSource.AudioUrl) audio).url();
 *     case BYTES -> ((AudioSource.AudioBytes) audio).size() + " bytes";
 *     case VENDOR_AUDIO -> "vendor audio " + ((AudioSource.VendorAudioId) audio).id();
 *     case SPEECH -> "speech: " + ((AudioSource.Speech) audio).text();
 *   };
 * }
 * }</pre>
 *
 * The limits (5 MB, 120 characters, speed 0.8–2.0, ...) are checked when the job is built.
 */
public sealed interface AudioSource
    permits AudioSource.AudioUrl,
        AudioSource.AudioBytes,
        AudioSource.VendorAudioId,
        AudioSource.Speech {

  /** The most bytes audio given as {@link #bytes} may have: 5 MB, the upstream limit. */
  int MAX_BYTES = 5 * 1024 * 1024;

  /** The kind of this source, as capabilities speak of it. */
  AudioKind kind();

  /** Audio at a public URL. */
  static AudioUrl url(String url) {
    return new AudioUrl(Urls.httpUrl("audio.url", url));
  }

  /** Audio given as the bytes of a file; sent Base64-encoded where the vendor takes it. */
  static AudioBytes bytes(byte[] data, AudioFormat format) {
    return new AudioBytes(data, format);
  }

  /** Audio the vendor produced earlier (a Kling TTS audio id). */
  static VendorAudioId vendorAudio(String id) {
    return new VendorAudioId(id, null);
  }

  /** Text spoken by one of the vendor's voices, at normal speed. */
  static Speech speech(String text, String voiceId, VoiceLanguage language) {
    return new Speech(text, voiceId, language, 1.0);
  }

  /** The kinds of audio source, one per variant. */
  enum AudioKind {
    URL,
    BYTES,
    VENDOR_AUDIO,
    SPEECH
  }

  /** Audio at a public URL (mp3, wav, m4a or aac). */
  record AudioUrl(URI url) implements AudioSource {
    public AudioUrl {
      Objects.requireNonNull(url, "url == null");
    }

    @Override
    public AudioKind kind() {
      return AudioKind.URL;
    }
  }

  /** The bytes of an audio file. The array is copied in and out, so the value stays immutable. */
  record AudioBytes(byte[] data, AudioFormat format) implements AudioSource {
    public AudioBytes {
      data = Objects.requireNonNull(data, "data == null").clone();
      Objects.requireNonNull(format, "format == null");
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The number of bytes, without copying them. */
    public int size() {
      return data.length;
    }

    /** The bytes as a Base64 string, as vendors take inline files. */
    public String base64() {
      return java.util.Base64.getEncoder().encodeToString(data);
    }

    @Override
    public AudioKind kind() {
      return AudioKind.BYTES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AudioBytes other
          && format == other.format
          && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(data) + format.hashCode();
    }

    @Override
    public String toString() {
      return "AudioBytes[" + data.length + " bytes, " + format + "]";
    }
  }

  /**
   * Audio the vendor made earlier.
   *
   * @param id the vendor's audio id
   * @param vendor the only vendor where the id is valid, or null for a Kling id valid wherever Kling
   *     audio ids are taken
   */
  record VendorAudioId(String id, @Nullable String vendor) implements AudioSource {
    public VendorAudioId {
      Objects.requireNonNull(id, "id == null");
    }

    @Override
    public AudioKind kind() {
      return AudioKind.VENDOR_AUDIO;
    }
  }

  /**
   * Text the vendor speaks with a built-in voice.
   *
   * @param text at most 120 characters
   * @param voiceId the vendor's voice, e.g. {@code girlfriend_1_cn}
   * @param language the voice's language
   * @param speed 0.8 to 2.0, 1.0 being normal
   */
  record Speech(String text, String voiceId, VoiceLanguage language, double speed)
      implements AudioSource {
    public Speech {
      Objects.requireNonNull(text, "text == null");
      Objects.requireNonNull(voiceId, "voiceId == null");
      Objects.requireNonNull(language, "language == null");
    }

    /** The same speech at another speed. */
    public Speech withSpeed(double speed) {
      return new Speech(text, voiceId, language, speed);
    }

    @Override
    public AudioKind kind() {
      return AudioKind.SPEECH;
    }
  }
}

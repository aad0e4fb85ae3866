package dev.lipsync.core.model;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import java.util.Locale;

/** The audio file formats every vendor accepts. */
public enum AudioFormat {
  MP3("audio/mpeg"),
  WAV("audio/wav"),
  M4A("audio/mp4"),
  AAC("audio/aac");

  private final String mediaType;

  AudioFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The MIME type, e.g. {@code audio/mpeg}, as used in a Base64 data URL. */
  public String mediaType() {
    return mediaType;
  }

  /** The usual file extension, lower case, without the dot. */
  public String extension() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format a file name's extension names.
   *
   * @throws InvalidRequestException if the extension is not mp3, wav, m4a or aac
   */
  public static AudioFormat fromFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (AudioFormat format : values()) {
      if (format.extension().equals(ext)) {
        return format;
      }
    }
    throw new InvalidRequestException(
        new Violation("audio.format", fileName, "must be an mp3, wav, m4a or aac file"));
  }
}

package dev.lipsync.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.lipsync.core.gateway.AudioProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Real audio files of a given length, made on the spot, for tests that need a file whose header a
 * reader can measure: silent mp3 frames and silent PCM wav.
 */
public final class SampleAudio {
  /** An MPEG-1 Layer III frame header: 128 kbit/s, 44.1 kHz, no padding, mono. */
  private static final byte[] MP3_FRAME_HEADER = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, (byte) 0xC4};
  /** Such a frame's size in bytes: 144 × 128000 / 44100. */
  private static final int MP3_FRAME_BYTES = 417;
  /** Such a frame's length: 1152 samples at 44.1 kHz. */
  private static final double MP3_FRAME_MS = 1152 * 1000.0 / 44_100;

  private SampleAudio() {}

  /**
   * A probe that says every audio file lasts {@code length}, without fetching anything: for gateways in
   * tests whose jobs name audio at addresses that serve none.
   */
  public static AudioProbe probe(Duration length) {
    return audio -> CompletableFuture.completedFuture(length);
  }

  /** A silent mp3 lasting {@code length}, to within one 26 ms frame. */
  public static byte[] mp3(Duration length) {
    int frames = (int) Math.round(length.toMillis() / MP3_FRAME_MS);
    byte[] file = new byte[frames * MP3_FRAME_BYTES];
    for (int i = 0; i < frames; i++) {
      System.arraycopy(MP3_FRAME_HEADER, 0, file, i * MP3_FRAME_BYTES, MP3_FRAME_HEADER.length);
    }
    return file;
  }

  /** A silent 8 kHz, 16-bit mono wav lasting exactly {@code length} (to the millisecond). */
  public static byte[] wav(Duration length) {
    AudioFormat format = new AudioFormat(8_000, 16, 1, true, false);
    int frames = (int) (length.toMillis() * 8);
    byte[] pcm = new byte[frames * 2];
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try {
      AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames),
          AudioFileFormat.Type.WAVE, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toByteArray();
  }
}

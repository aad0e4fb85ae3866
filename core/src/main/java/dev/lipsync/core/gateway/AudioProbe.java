package dev.lipsync.core.gateway;

import dev.lipsync.core.model.AudioSource;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Finds how long an audio file lasts. Kling requires a clip's times with every audio file, so a dub
 * without a clip goes to such a vendor as the whole audio (up to 60 s), and its length must be known
 * before anything is paid: the gateway asks this probe, once per job, for every such dub whose audio
 * is a URL or bytes.
 *
 * <p>The gateway's builder finds an implementation with {@link ServiceLoader} when none is given:
 * {@code lipsync-adapter-support}, which every adapter brings, has one that reads mp3, wav and m4a
 * headers from the bytes or from the file at the URL (https, size-capped). Without any, such dubs go
 * only to vendors that do not require the clip, or get one from the application ({@code Dub.clip}).
 */
@FunctionalInterface
public interface AudioProbe {

  /** A probe that never knows; the gateway's default when no implementation is on the class path. */
  AudioProbe NONE = audio ->
      CompletableFuture.failedFuture(new UnsupportedOperationException("no audio probe is configured"));

  /**
   * How long the audio lasts.
   *
   * @param audio audio by URL or as bytes
   * @return the length, or a future failed with an exception whose message says why the length could
   *     not be found; the message must not hold the URL's query, which may be a secret
   */
  CompletableFuture<Duration> lengthOf(AudioSource audio);

  /** The first implementation {@link ServiceLoader} finds, else {@link #NONE}. */
  static AudioProbe discovered() {
    return ServiceLoader.load(AudioProbe.class, AudioProbe.class.getClassLoader())
        .findFirst()
        .orElse(NONE);
  }
}

package dev.lipsync.core.gateway;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a job ready before anything is sent: the length of every audio file a dub uses without a
 * clip, where some configured vendor requires the clip's times. Without such a vendor, or when every
 * dub has a clip, the job is ready as it is and nothing is fetched.
 */
final class AudioMeasuring {
  private static final Logger log = LoggerFactory.getLogger(AudioMeasuring.class);

  private final AudioProbe probe;
  private final boolean needed;

  private AudioMeasuring(AudioProbe probe, boolean needed) {
    this.probe = probe;
    this.needed = needed;
  }

  static AudioMeasuring of(AudioProbe probe, Collection<LipSyncProvider> providers) {
    boolean needed = providers.stream()
        .flatMap(p -> p.capabilities().modes().stream())
        .anyMatch(Capabilities.Mode::clipRequired);
    return new AudioMeasuring(probe, needed);
  }

  /**
   * The job with its audio measured. A length that cannot be found leaves the dub as it was (a vendor
   * that requires the clip then refuses it, naming the clip options); a length too short for any vendor
   * fails the future with the {@link dev.lipsync.core.error.InvalidRequestException} that says so.
   */
  CompletableFuture<LipSyncJob> ready(LipSyncJob job) {
    if (!needed || job.dubs().stream().noneMatch(AudioMeasuring::wantsLength)) {
      return CompletableFuture.completedFuture(job);
    }
    List<CompletableFuture<Dub>> dubs = job.dubs().stream().map(this::measured).toList();
    return CompletableFuture.allOf(dubs.toArray(CompletableFuture[]::new))
        .thenApply(done -> job.withDubs(dubs.stream().map(CompletableFuture::join).toList()));
  }

  private static boolean wantsLength(Dub dub) {
    AudioSource.AudioKind kind = dub.audio().kind();
    return dub.clip() == null && dub.audioLength() == null
        && (kind == AudioSource.AudioKind.URL || kind == AudioSource.AudioKind.BYTES);
  }

  private CompletableFuture<Dub> measured(Dub dub) {
    if (!wantsLength(dub)) {
      return CompletableFuture.completedFuture(dub);
    }
    CompletableFuture<Duration> length;
    try {
      length = probe.lengthOf(dub.audio());
    } catch (RuntimeException e) {
      length = CompletableFuture.failedFuture(e);
    }
    return length.handle((measured, error) -> {
      if (error == null && measured != null) {
        return dub.withAudioLength(measured);
      }
      Throwable cause = error == null ? null : LipSyncException.causeOf(error);
      log.warn("The length of {} is not known ({}); a vendor that requires the clip's times takes it"
          + " only with a clip", describe(dub.audio()), cause == null ? "no answer" : cause.getMessage());
      return dub;
    });
  }

  /** The audio as a log may show it: a URL without its query, which may be a secret. */
  private static String describe(AudioSource audio) {
    return audio instanceof AudioSource.AudioUrl url
        ? "the audio at " + LipSyncJob.redacted(url.url()) : String.valueOf(audio);
  }
}

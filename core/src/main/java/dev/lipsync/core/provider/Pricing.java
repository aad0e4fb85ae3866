package dev.lipsync.core.provider;

import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.LipSyncJob;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a vendor charges, in US dollars: a price per face identification and a price per started five
 * seconds of lip-sync. Either may be unknown (null), and then no estimate is made: an unknown price is
 * never taken for a free one.
 *
 * <pre>{@code
 * Pricing apimodels = Pricing.of("0.0007", "0.0063");
 * apimodels.estimate(1, Duration.ofSeconds(8));  // 0.0007 + 2 × 0.0063 = 0.0133
 * }</pre>
 *
 * @param perIdentifyUsd the price of one identification, or null when unknown
 * @param perFiveSecondsUsd the price of each started five seconds of lip-sync, or null when unknown
 * @param perSpeechUsd the price of one text spoken by the vendor's own text-to-speech call before the
 *     lip-sync ({@link Capabilities.Mode#speechFirst()}, Kling), or null when unknown; a job that needs
 *     none is estimated without it
 */
public record Pricing(
    @Nullable BigDecimal perIdentifyUsd, @Nullable BigDecimal perFiveSecondsUsd, @Nullable BigDecimal perSpeechUsd) {
  private static final long UNIT_MS = 5_000;
  /** The longest clip a vendor takes; a dub of unknown length is estimated at this, an upper bound. */
  private static final Duration UNKNOWN_AUDIO = Duration.ofSeconds(60);

  public Pricing {
    if (perIdentifyUsd != null && perIdentifyUsd.signum() < 0
        || perFiveSecondsUsd != null && perFiveSecondsUsd.signum() < 0
        || perSpeechUsd != null && perSpeechUsd.signum() < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /** Prices of identification and lip-sync; no text-to-speech price. */
  public Pricing(@Nullable BigDecimal perIdentifyUsd, @Nullable BigDecimal perFiveSecondsUsd) {
    this(perIdentifyUsd, perFiveSecondsUsd, null);
  }

  /** These prices, and {@code perSpeechUsd} (a decimal string) for each text spoken before the lip-sync. */
  public Pricing withSpeechUsd(String perSpeechUsd) {
    return new Pricing(perIdentifyUsd, perFiveSecondsUsd, new BigDecimal(perSpeechUsd));
  }

  /** Prices given as decimal strings, e.g. {@code of("0.0007", "0.0063")}. */
  public static Pricing of(String perIdentifyUsd, String perFiveSecondsUsd) {
    return new Pricing(new BigDecimal(perIdentifyUsd), new BigDecimal(perFiveSecondsUsd));
  }

  /** A vendor whose price is not known. */
  public static Pricing unknown() {
    return new Pricing(null, null);
  }

  /** Whether both prices are known. */
  public boolean isKnown() {
    return perIdentifyUsd != null && perFiveSecondsUsd != null;
  }

  /**
   * The cost of {@code identifications} face identifications and {@code lipSync} of lip-sync, counted
   * in started five-second units; empty when a price is unknown.
   */
  public Optional<BigDecimal> estimate(int identifications, Duration lipSync) {
    return estimate(identifications, lipSync, 0);
  }

  /**
   * The cost of {@code identifications}, {@code lipSync} and {@code speeches} texts spoken by the
   * vendor's text-to-speech call first; empty when a price needed is unknown.
   */
  public Optional<BigDecimal> estimate(int identifications, Duration lipSync, int speeches) {
    if (!isKnown() || speeches > 0 && perSpeechUsd == null) {
      return Optional.empty();
    }
    BigDecimal speech = speeches == 0 ? BigDecimal.ZERO : perSpeechUsd.multiply(BigDecimal.valueOf(speeches));
    long units = (lipSync.toMillis() + UNIT_MS - 1) / UNIT_MS;
    return Optional.of(
        perIdentifyUsd
            .multiply(BigDecimal.valueOf(identifications))
            .add(perFiveSecondsUsd.multiply(BigDecimal.valueOf(units)))
            .add(speech)
            .setScale(6, RoundingMode.HALF_UP)
            .stripTrailingZeros());
  }

  /**
   * The estimated cost of a job on this vendor: one identification and the audio of every dub. A dub
   * with a clip counts the clip, one whose audio's length is known counts that (up to 60 seconds), and
   * any other counts 60 seconds, the most a vendor takes, so the
   * estimate is an upper bound rather than a guess.
   */
  public Optional<BigDecimal> estimate(LipSyncJob job) {
    return estimate(1, billableAudio(job));
  }

  /** The audio a job is billed for, as {@link #estimate(LipSyncJob)} counts it. */
  public static Duration billableAudio(LipSyncJob job) {
    Duration total = Duration.ZERO;
    for (Dub dub : job.dubs()) {
      AudioClip clip = dub.clipOrDefault();
      total = total.plus(clip == null ? UNKNOWN_AUDIO : Duration.ofMillis(clip.lengthMs()));
    }
    return total;
  }
}

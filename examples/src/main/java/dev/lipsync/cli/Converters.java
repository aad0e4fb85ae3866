package dev.lipsync.cli;

import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.VoiceLanguage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How the command reads its typed option values; picocli names the option in each message. */
final class Converters {
  private Converters() {}

  /**
   * {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}: a whole number and a unit, at most {@link #MAX}.
   * A larger value is refused here, as an input error naming the option, rather than left to fail deep
   * in the HTTP client or the scheduler.
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    /** The longest duration any option takes: longer than any job a vendor runs. */
    static final Duration MAX = Duration.ofHours(24);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher matcher = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!matcher.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration: write a whole number and a unit, like 500ms, 2s, 5m or 1h");
      }
      Duration unit = switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(1);
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        default -> Duration.ofHours(1);
      };
      // Compared before multiplying, so no number of digits can overflow.
      BigInteger amount = new BigInteger(matcher.group(1));
      if (amount.compareTo(BigInteger.valueOf(MAX.dividedBy(unit))) > 0) {
        throw new TypeConversionException("'" + value + "' is longer than 24h, the longest duration the command takes");
      }
      return unit.multipliedBy(amount.longValueExact());
    }
  }

  /** {@code N} (1-based, by order of appearance) or {@code all}. */
  static final class FaceConverter implements ITypeConverter<FaceSelector> {
    @Override
    public FaceSelector convert(String value) {
      String face = value.strip().toLowerCase(Locale.ROOT);
      if (face.equals("all")) {
        return FaceSelector.all();
      }
      try {
        int n = Integer.parseInt(face);
        if (n >= 1) {
          return FaceSelector.nthByAppearance(n);
        }
      } catch (NumberFormatException e) {
        // told below
      }
      throw new TypeConversionException(
          "'" + value + "' is neither a face number (1 for the first face to appear, 2 for the second, ...) nor 'all'");
    }
  }

  /** {@code zh} or {@code en}. */
  static final class LanguageConverter implements ITypeConverter<VoiceLanguage> {
    @Override
    public VoiceLanguage convert(String value) {
      for (VoiceLanguage language : VoiceLanguage.values()) {
        if (language.code().equalsIgnoreCase(value.strip())) {
          return language;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a voice language: use zh or en");
    }
  }

  /** {@code priority} or {@code cheapest}. */
  static final class StrategyConverter implements ITypeConverter<RoutingStrategy> {
    @Override
    public RoutingStrategy convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "priority" -> RoutingStrategy.PRIORITY;
        case "cheapest" -> RoutingStrategy.CHEAPEST;
        default -> throw new TypeConversionException("'" + value + "' is not a strategy: use priority or cheapest");
      };
    }
  }

  /** {@code exact}, {@code picture} or {@code any}. */
  static final class FaceMatchConverter implements ITypeConverter<FaceMatch> {
    @Override
    public FaceMatch convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "exact" -> FaceMatch.EXACT;
        case "picture" -> FaceMatch.PICTURE;
        case "any" -> FaceMatch.ANY;
        default -> throw new TypeConversionException(
            "'" + value + "' is not a face match: use exact, picture or any");
      };
    }
  }
}

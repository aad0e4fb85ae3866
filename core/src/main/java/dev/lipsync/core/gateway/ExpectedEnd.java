package dev.lipsync.core.gateway;

import dev.lipsync.core.store.TaskDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a task is expected to end, counted from its submit: most tasks like it ended between {@code low}
 * and {@code high}. Learnt by {@link #fit} from the durations of a vendor's recent tasks. Immutable.
 *
 * @param low before this, few tasks like it ended
 * @param high after this, few tasks like it ended
 */
record ExpectedEnd(Duration low, Duration high) {
  /** How many durations a vendor needs before its expectation is trusted. */
  static final int MIN_SAMPLES = 10;
  /** The share of tasks expected to end before {@link #low}, and the share after {@link #high}. */
  static final double OUTSIDE = 0.02;

  ExpectedEnd {
    Objects.requireNonNull(low, "low == null");
    Objects.requireNonNull(high, "high == null");
    if (low.isNegative() || high.compareTo(low) < 0) {
      throw new IllegalArgumentException("need 0 <= low <= high, got " + low + " and " + high);
    }
  }

  /**
   * The expected end of a task billed for {@code audio}, from its vendor's recent {@code durations}; null
   * with fewer than {@link #MIN_SAMPLES}, or when they predict nothing sensible for it.
   *
   * <p>A least-squares line, duration = a + b × audio, says where such a task ends on average; the
   * spread is the low and high {@link #OUTSIDE} quantiles of how far each recent task was from the line,
   * as a ratio of actual to predicted. Ratios rather than seconds, since a vendor's spread grows with the
   * length of its tasks. A slope below 0 is taken as 0: a longer clip never takes a vendor less time, so
   * such a slope is noise, and extrapolated to a long clip it would predict an end before the start.
   */
  static @Nullable ExpectedEnd fit(List<TaskDuration> durations, Duration audio) {
    int n = durations.size();
    if (n < MIN_SAMPLES) {
      return null;
    }
    double[] x = new double[n];
    double[] y = new double[n];
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      x[i] = seconds(durations.get(i).audio());
      y[i] = seconds(durations.get(i).took());
      meanX += x[i] / n;
      meanY += y[i] / n;
    }
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - meanX) * (x[i] - meanX);
      sxy += (x[i] - meanX) * (y[i] - meanY);
    }
    // All of one length (or nearly): the mean is all the data can tell.
    double slope = sxx > 1e-9 ? Math.max(0, sxy / sxx) : 0;
    double intercept = meanY - slope * meanX;
    List<Double> ratios = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double predicted = intercept + slope * x[i];
      if (predicted > 0) {
        ratios.add(y[i] / predicted);
      }
    }
    double predicted = intercept + slope * seconds(audio);
    if (ratios.size() < MIN_SAMPLES || !(predicted > 0)) {
      return null;
    }
    ratios.sort(null);
    double lowRatio = ratios.get((int) Math.floor(OUTSIDE * (ratios.size() - 1)));
    double highRatio = ratios.get((int) Math.ceil((1 - OUTSIDE) * (ratios.size() - 1)));
    return new ExpectedEnd(ofSeconds(predicted * lowRatio), ofSeconds(predicted * highRatio));
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static Duration ofSeconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}

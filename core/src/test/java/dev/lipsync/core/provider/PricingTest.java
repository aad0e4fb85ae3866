package dev.lipsync.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {
  private static final BigDecimal PER_IDENTIFY = new BigDecimal("0.0007");
  private static final BigDecimal PER_FIVE_SECONDS = new BigDecimal("0.0063");
  private static final Pricing APIMODELS = Pricing.of("0.0007", "0.0063");
  private static final AudioSource AUDIO = AudioSource.url("https://example.com/line.mp3");

  private static BigDecimal cost(int identifications, long units) {
    return PER_IDENTIFY.multiply(BigDecimal.valueOf(identifications))
        .add(PER_FIVE_SECONDS.multiply(BigDecimal.valueOf(units)));
  }

  private static LipSyncJob.Builder job() {
    return LipSyncJob.builder().videoUrl("https://example.com/v.mp4");
  }

  @ParameterizedTest(name = "{0} ms -> {1} units")
  @CsvSource({
    "0,      0",
    "1,      1",
    "4999,   1",
    "5000,   1",
    "5001,   2",
    "8000,   2",
    "10000,  2",
    "10001,  3",
    "60000, 12",
    "60001, 13"
  })
  void should_count_started_five_second_units(long lipSyncMs, long units) {
    assertThat(APIMODELS.estimate(1, Duration.ofMillis(lipSyncMs)))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(cost(1, units)));
  }

  @Test
  void should_estimate_the_documented_example() {
    // 0.0007 + 2 × 0.0063, as in Pricing's Javadoc.
    assertThat(APIMODELS.estimate(1, Duration.ofSeconds(8)))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.0133"));
  }

  @ParameterizedTest
  @CsvSource({"0", "2", "3"})
  void should_charge_each_identification(int identifications) {
    assertThat(APIMODELS.estimate(identifications, Duration.ofSeconds(10)))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(cost(identifications, 2)));
  }

  @Test
  void should_count_a_sub_millisecond_remainder_as_nothing_started() {
    // Durations are counted in whole milliseconds.
    assertThat(APIMODELS.estimate(0, Duration.ofMillis(5_000).plusNanos(999_999)))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(cost(0, 1)));
  }

  @Test
  void should_make_no_estimate_when_a_price_is_unknown() {
    assertThat(Pricing.unknown().estimate(1, Duration.ofSeconds(8))).isEmpty();
    assertThat(new Pricing(PER_IDENTIFY, null).estimate(1, Duration.ofSeconds(8))).isEmpty();
    assertThat(new Pricing(PER_IDENTIFY, PER_FIVE_SECONDS).estimate(1, Duration.ofSeconds(8), 1))
        .as("a speech whose price is unknown is not free").isEmpty();
    assertThat(new Pricing(PER_IDENTIFY, PER_FIVE_SECONDS).estimate(1, Duration.ofSeconds(8), 0))
        .isEqualTo(new Pricing(PER_IDENTIFY, PER_FIVE_SECONDS).estimate(1, Duration.ofSeconds(8)));
    assertThat(Pricing.of("0.01", "0.10").withSpeechUsd("0.005").estimate(1, Duration.ofSeconds(8), 2))
        .hasValueSatisfying(cost -> assertThat(cost).isEqualByComparingTo("0.22"));
    assertThat(new Pricing(null, PER_FIVE_SECONDS).estimate(1, Duration.ofSeconds(8))).isEmpty();
    assertThat(Pricing.unknown().isKnown()).isFalse();
    assertThat(APIMODELS.isKnown()).isTrue();
  }

  @Test
  void should_make_no_estimate_of_a_job_when_the_price_is_unknown() {
    assertThat(Pricing.unknown().estimate(job().audio(AUDIO).build())).isEmpty();
  }

  @Test
  void should_reject_negative_prices() {
    assertThatIllegalArgumentException().isThrownBy(() -> Pricing.of("-0.0007", "0.0063"));
    assertThatIllegalArgumentException().isThrownBy(() -> Pricing.of("0.0007", "-0.01"));
  }

  @Test
  void should_bill_60_seconds_for_a_dub_without_clip() {
    LipSyncJob job = job().audio(AUDIO).build();

    assertThat(Pricing.billableAudio(job)).isEqualTo(Duration.ofSeconds(60));
    assertThat(APIMODELS.estimate(job))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(cost(1, 12)));
  }

  @Test
  void should_bill_the_clip_of_a_dub_with_one() {
    LipSyncJob job = job().dub(Dub.builder().audio(AUDIO).clip(1_000, 9_000).build()).build();

    assertThat(Pricing.billableAudio(job)).isEqualTo(Duration.ofSeconds(8));
    assertThat(APIMODELS.estimate(job))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(cost(1, 2)));
  }

  @Test
  void should_bill_the_audio_of_every_dub() {
    LipSyncJob job =
        job()
            .dub(Dub.builder().face(FaceSelector.nthByAppearance(1)).audio(AUDIO).clip(0, 8_000).build())
            .dub(Dub.builder().face(FaceSelector.nthByAppearance(2)).audio(AUDIO).build())
            .dub(Dub.builder().face(FaceSelector.nthByAppearance(3)).audio(AUDIO).clip(0, 2_500).build())
            .build();

    assertThat(Pricing.billableAudio(job)).isEqualTo(Duration.ofMillis(8_000 + 60_000 + 2_500));
    // 70.5 s: 15 started units.
    assertThat(APIMODELS.estimate(job))
        .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(cost(1, 15)));
  }
}

package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static String rowOf(String table, String what) {
    return table.lines().filter(line -> line.contains(what)).findFirst().orElseThrow();
  }

  @Test
  void should_meet_the_overhead_target_within_five_microseconds_added() {
    String table = Report.of(Map.of(
        "overhead.inline.gatewayStatus.ns", "14000", "overhead.inline.adapterStatus.ns", "10000")).table();

    assertThat(rowOf(table, "time per status call, `Metered(Resilient(adapter))` (in memory, caller's thread)"))
        .contains("14.0 µs", "10.0 µs bare adapter", "yes: +4.0 µs");
  }

  @Test
  void should_miss_the_throughput_target_below_nine_tenths_of_raw() {
    String table = Report.of(Map.of("throughput.gateway.per_s", "890", "throughput.raw.per_s", "1000")).table();

    assertThat(rowOf(table, "tracking")).contains("0.89", "| no |");
  }

  @Test
  void should_say_not_measured_for_a_figure_no_harness_recorded() {
    String table = Report.of(Map.of()).table();

    assertThat(rowOf(table, "retained heap per job")).contains("not measured", "| — |");
  }
}

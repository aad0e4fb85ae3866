package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
  void should_show_retrofit_alone_as_the_floor_under_the_adapter() {
    String table = Report.of(Map.of("throughput.retrofit.per_s", "980", "throughput.raw.per_s", "1000",
        "throughput.retrofit.cpu_us_per_poll", "99.6")).table();

    assertThat(rowOf(table, "Retrofit + Moshi alone"))
        .contains("980 /s, 100 µs CPU/poll", "1,000 /s raw OkHttp + Moshi", "0.98", "(floor)");
  }

  @Test
  void should_say_not_measured_for_a_figure_no_harness_recorded() {
    String table = Report.of(Map.of()).table();

    assertThat(rowOf(table, "retained heap per job")).contains("not measured", "| — |");
  }

  @Test
  void should_report_the_time_a_store_adds_to_a_job_beside_the_in_memory_store() {
    String table = Report.of(Map.of("stores.job.memory.ms", "0.25", "stores.job.sqlite.ms", "4.75")).table();

    assertThat(rowOf(table, "time per whole job (identify, submit, one status poll; canned vendor, caller's thread),"
        + " embedded store")).contains("4.75 ms", "0.25 ms default in-memory store", "19.00", "| report |", "+4.50 ms");
  }

  @Test
  void should_report_jobs_taken_over_per_second() {
    String table = Report.of(Map.of("stores.recovery.jobs", "10000", "stores.recovery.postgres.take_over_s", "4",
        "stores.recovery.postgres.ended_s", "10")).table();

    assertThat(rowOf(table, "taking over 10,000 unfinished jobs (`takeOverJobs`: claim + start tracking), PostgreSQL"))
        .contains("4.0 s, 2,500 jobs/s", "all ended 10.0 s after it began");
  }

  @Test
  void should_meet_the_three_instance_row_only_when_no_task_was_polled_by_two() {
    Map<String, String> figures = Map.of("stores.instances.one.polls_mean", "9.4",
        "stores.instances.three.polls_mean", "9.6", "stores.instances.three.handed_over", "46",
        "stores.instances.killed_at_s", "120");
    String met = Report.of(with(figures, "stores.instances.three.polled_by_two", "0")).table();
    String missed = Report.of(with(figures, "stores.instances.three.polled_by_two", "1")).table();

    assertThat(rowOf(met, "three instances on PostgreSQL, one killed at 120 s"))
        .contains("9.6", "9.4 one instance", "1.02", "yes: 0 polled by two, 46 taken over");
    assertThat(rowOf(missed, "three instances")).contains("no: 1 polled by two");
  }

  @Test
  void should_meet_the_clips_targets_with_at_most_six_requests_and_at_least_95_percent_in_time() {
    Map<String, String> figures = Map.of(
        "requests.clips.defaults.polls_mean", "12.5", "requests.clips.defaults.in_time_share", "0.9",
        "requests.clips.learned.latency_worst_s", "3.24", "requests.clips.bound.polls_mean", "3.2");
    String met = Report.of(with(with(figures, "requests.clips.learned.polls_mean", "5.0"),
        "requests.clips.learned.in_time_share", "0.95")).table();
    String missed = Report.of(with(with(figures, "requests.clips.learned.polls_mean", "6.1"),
        "requests.clips.learned.in_time_share", "0.945")).table();

    String polls = "status requests per task, tasks of 40 s + 8 s per s of audio ±25 %, clips of 2–60 s, polls placed";
    String noticed = "completions noticed within max(2 s, 10 %), tasks of 40 s + 8 s per s of audio ±25 %, clips of"
        + " 2–60 s, polls placed";
    assertThat(rowOf(met, polls)).contains("| 5.0 |", "12.5 default schedule", "0.40", "≤ 6 on average", "| yes |");
    assertThat(rowOf(met, noticed))
        .contains("95.0 %, worst 3.2 s late", "90.0 % default schedule", "1.06", "≥ 95 %", "| yes |");
    assertThat(rowOf(missed, polls)).contains("| 6.1 |", "| no |");
    assertThat(rowOf(missed, noticed)).contains("94.5 %", "| no |");
    assertThat(rowOf(met, "clips of 2–60 s, default poll schedule")).contains("| 12.5 |", "(before)", "| — |");
    assertThat(rowOf(met, "any schedule that knows each task's clip")).contains("| 3.2 |", "(bound)");
  }

  @Test
  void should_meet_the_start_up_target_only_within_one_fifth_more_than_the_raw_client() {
    Map<String, String> figures = Map.of("startup.okhttp.cold_ms", "500", "startup.guice.cold_ms", "601");
    String met = Report.of(with(figures, "startup.plain.cold_ms", "600")).table();

    assertThat(rowOf(met, "first request made (a status call, loopback server), plain builder, cold"))
        .contains("600 ms", "500 ms one raw OkHttp + Moshi client, same request", "1.20", "≤ 1.2 × raw", "| yes |");
    assertThat(rowOf(met, "Guice, cold")).contains("601 ms", "1.20", "| no |");
  }

  @Test
  void should_compare_the_status_command_with_a_minimal_program_within_three_tenths_more() {
    String met = Report.of(Map.of("cli.status.command_ms", "650", "cli.status.minimal_ms", "500")).table();
    String missed = Report.of(Map.of("cli.status.command_ms", "651", "cli.status.minimal_ms", "500")).table();

    assertThat(rowOf(met, "`lipsync status REF` end to end"))
        .contains("650 ms", "500 ms minimal Java program", "1.30", "≤ 1.3 × raw", "| yes |");
    assertThat(rowOf(missed, "`lipsync status REF` end to end")).contains("| no |");
  }

  @Test
  void should_have_no_rate_without_a_time() {
    assertThat(Report.perSecond(10_000.0, 0.0)).isNull();
    assertThat(Report.perSecond(null, 2.0)).isNull();
    assertThat(Report.perSecond(10_000.0, 4.0)).isEqualTo(2_500.0);
  }

  private static Map<String, String> with(Map<String, String> figures, String key, String value) {
    Map<String, String> all = new HashMap<>(figures);
    all.put(key, value);
    return all;
  }
}

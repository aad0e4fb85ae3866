package dev.lipsync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.jspecify.annotations.Nullable;

/**
 * Prints every harness's figures as one Markdown table: each gateway figure beside its raw baseline,
 * the ratio of the two, the target and whether this run met it. Above the table, the machine it ran
 * on. A figure a harness did not record shows as "not measured" and meets nothing.
 */
public final class Report {
  private final Map<String, String> values;
  private final List<String> rows = new ArrayList<>();

  private Report(Map<String, String> values) {
    this.values = values;
  }

  /** Prints the table of the results in {@code bench.results}; no arguments. */
  public static void main(String[] args) {
    System.out.println(machine());
    System.out.println();
    System.out.println(of(Results.readAll()).table());
  }

  /** A report of {@code values}, keyed {@code <harness>.<key>} as {@link Results#readAll()} gives them. */
  static Report of(Map<String, String> values) {
    return new Report(values);
  }

  /** The table. */
  String table() {
    rows.clear();
    rows.add("| what | gateway | raw baseline | ratio | target | met |");
    rows.add("|---|---|---|---|---|---|");
    overhead();
    throughput();
    jobsInFlight();
    requestsPerJob();
    failover();
    startUp();
    jobStores();
    return String.join("\n", rows);
  }

  private void overhead() {
    for (String transport : List.of("inline", "pooled")) {
      String where = transport.equals("inline") ? "in memory, caller's thread" : "in memory, OkHttp's thread pool";
      boolean headline = transport.equals("inline");
      String target = headline ? "≤ 5 µs added to the bare adapter" : "report";
      @Nullable Double gateway = micros("overhead." + transport + ".gatewayStatus.ns");
      @Nullable Double adapter = micros("overhead." + transport + ".adapterStatus.ns");
      @Nullable Double raw = micros("overhead." + transport + ".rawStatus.ns");
      row("time per status call, `Metered(Resilient(adapter))` (" + where + ")",
          us(gateway), us(raw) + " raw OkHttp + Moshi; " + us(adapter) + " bare adapter", ratio(gateway, raw),
          target, headline ? verdict(gateway, adapter, added -> added <= 5, "%+.1f µs") : info(gateway, adapter, "%+.1f µs"));
      @Nullable Double gatewayJob = micros("overhead." + transport + ".gatewayJob.ns");
      @Nullable Double adapterJob = micros("overhead." + transport + ".adapterJob.ns");
      @Nullable Double perCall = gatewayJob == null ? null : gatewayJob / 3;
      @Nullable Double adapterPerCall = adapterJob == null ? null : adapterJob / 3;
      row("time per vendor call in a whole job (`run`: 3 calls, time / 3) (" + where + ")",
          us(perCall), us(adapterPerCall) + " bare adapter, same 3 calls by hand", ratio(perCall, adapterPerCall),
          target, headline ? verdict(perCall, adapterPerCall, added -> added <= 5, "%+.1f µs")
              : info(perCall, adapterPerCall, "%+.1f µs"));
    }
    @Nullable Double gatewayBytes = number("overhead.inline.gatewayStatus.bytes");
    @Nullable Double adapterBytes = number("overhead.inline.adapterStatus.bytes");
    @Nullable Double rawBytes = number("overhead.inline.rawStatus.bytes");
    row("allocated per status call", bytes(gatewayBytes),
        bytes(rawBytes) + " raw OkHttp + Moshi; " + bytes(adapterBytes) + " bare adapter",
        ratio(gatewayBytes, rawBytes), "report", info(gatewayBytes, adapterBytes, "%+.0f B"));
  }

  private void throughput() {
    String concurrency = text("throughput.concurrency");
    @Nullable Double raw = number("throughput.raw.per_s");
    String rawCpu = cpuPerPoll("throughput.raw");
    String[][] variants = {
      {"gateway", "tracking (`resume`, polled by the gateway's scheduler)"},
      {"decorated", "`Metered(Resilient(adapter))` called in a loop"},
      {"adapter", "bare adapter called in a loop"},
    };
    for (String[] variant : variants) {
      @Nullable Double rate = number("throughput." + variant[0] + ".per_s");
      row("status polls/s, " + concurrency + " in flight: " + variant[1],
          format("%,.0f /s", rate) + cpuPerPoll("throughput." + variant[0]),
          format("%,.0f /s", raw) + rawCpu + " raw OkHttp + Moshi",
          ratio(rate, raw),
          "≥ 0.9 × raw", rate == null || raw == null ? "—" : (rate / raw >= 0.9 ? "yes" : "no"));
    }
    @Nullable Double retrofit = number("throughput.retrofit.per_s");
    row("status polls/s, " + concurrency + " in flight: Retrofit + Moshi alone, as an adapter uses them (none of the"
            + " library's code)",
        format("%,.0f /s", retrofit) + cpuPerPoll("throughput.retrofit"),
        format("%,.0f /s", raw) + rawCpu + " raw OkHttp + Moshi",
        ratio(retrofit, raw), "(floor)", "—");
  }

  /** ", N µs CPU/poll" when the harness recorded it. */
  private String cpuPerPoll(String variant) {
    @Nullable Double micros = number(variant + ".cpu_us_per_poll");
    return micros == null ? "" : format(", %.0f µs CPU/poll", micros);
  }

  private void jobsInFlight() {
    @Nullable Double few = number("jobs-gateway-1000.gateway.1000.threads.start");
    @Nullable Double many = number("jobs-gateway-10000.gateway.10000.threads.start");
    @Nullable Double rawMany = number("jobs-raw-10000.raw.10000.threads.start");
    row("threads of the library + its HTTP client, peak, 1,000 → 10,000 jobs",
        format("%.0f", few) + " → " + format("%.0f", many), format("%.0f", rawMany) + " raw OkHttp, 10,000 jobs",
        ratio(many, rawMany), "bounded, independent of jobs",
        many == null || few == null ? "—" : (many <= 256 + 16 ? "yes: ≤ 256 calls + OkHttp's task runner" : "no"));
    @Nullable Double heap = number("jobs-gateway-10000.gateway.10000.heap_per_job");
    @Nullable Double rawHeap = number("jobs-raw-10000.raw.10000.heap_per_job");
    row("retained heap per job in flight, 10,000 jobs", bytes(heap), bytes(rawHeap) + " raw OkHttp client",
        ratio(heap, rawHeap), "≤ 4 KB", heap == null ? "—" : (heap <= 4096 ? "yes" : "no"));
  }

  private void requestsPerJob() {
    @Nullable Double fixedPolls = number("requests.fixed_1s.polls_mean");
    @Nullable Double fixedInTime = number("requests.fixed_1s.in_time_share");
    for (String[] scenario : new String[][] {
        {"defaults", "default poll schedule"}, {"callbacks", "default schedule + vendor callbacks"}}) {
      String key = "requests." + scenario[0];
      @Nullable Double polls = number(key + ".polls_mean");
      @Nullable Double inTime = number(key + ".in_time_share");
      row("status requests per task, tasks of 30–300 s, " + scenario[1],
          format("%.1f", polls), format("%.1f", fixedPolls) + " fixed 1 s polling", ratio(polls, fixedPolls),
          "≤ 10 on average", polls == null ? "—" : (polls <= 10 ? "yes" : "no"));
      row("completions noticed within max(2 s, 10 %), " + scenario[1],
          percent(inTime) + ", worst " + format("%.1f s", number(key + ".latency_worst_s")) + " late",
          percent(fixedInTime) + " fixed 1 s polling", ratio(inTime, fixedInTime), "every one",
          inTime == null ? "—" : (inTime >= 1 ? "yes" : "no"));
    }
    row("fewest polls per task with which any polling schedule notices every one of these in time",
        format("%.1f", number("requests.bound.polls_mean")), "", "", "(bound)", "—");
    @Nullable Double defaultPolls = number("requests.defaults.polls_mean");
    @Nullable Double learnedPolls = number("requests.learned.polls_mean");
    @Nullable Double learnedInTime = number("requests.learned.in_time_share");
    row("status requests per task, tasks of 30–300 s, polls placed by learnt durations (after 200 tasks),"
            + " noticed in time",
        format("%.1f", learnedPolls) + ", " + percent(learnedInTime), format("%.1f", defaultPolls) + " default schedule",
        ratio(learnedPolls, defaultPolls), "report", "—");
    clipsRows();
  }

  /**
   * The clips workload (tasks taking 40 s + 8 s per second of audio, ±25 %, clips of 2–60 s): the
   * default schedule, before, and polls placed by learnt durations, after.
   */
  private void clipsRows() {
    String workload = "tasks of 40 s + 8 s per s of audio ±25 %, clips of 2–60 s, ";
    @Nullable Double beforePolls = number("requests.clips.defaults.polls_mean");
    @Nullable Double beforeInTime = number("requests.clips.defaults.in_time_share");
    for (String[] scenario : new String[][] {
        {"defaults", "default poll schedule"}, {"learned", "polls placed by learnt durations (after 200 tasks)"}}) {
      String key = "requests.clips." + scenario[0];
      boolean after = scenario[0].equals("learned");
      @Nullable Double polls = number(key + ".polls_mean");
      @Nullable Double inTime = number(key + ".in_time_share");
      row("status requests per task, " + workload + scenario[1],
          format("%.1f", polls), after ? format("%.1f", beforePolls) + " default schedule" : "",
          after ? ratio(polls, beforePolls) : "", after ? "≤ 6 on average" : "(before)",
          !after || polls == null ? "—" : (polls <= 6 ? "yes" : "no"));
      row("completions noticed within max(2 s, 10 %), " + workload + scenario[1],
          percent(inTime) + ", worst " + format("%.1f s", number(key + ".latency_worst_s")) + " late",
          after ? percent(beforeInTime) + " default schedule" : "", after ? ratio(inTime, beforeInTime) : "",
          after ? "≥ 95 %" : "(before)", !after || inTime == null ? "—" : (inTime >= 0.95 ? "yes" : "no"));
    }
    row("fewest polls per task with which any schedule that knows each task's clip notices every one of these"
        + " in time", format("%.1f", number("requests.clips.bound.polls_mean")), "", "", "(bound)", "—");
  }

  private void failover() {
    @Nullable Double baseline = number("failover.baseline_ms");
    for (String[] variant : new String[][] {
        {"defaults", "default resilience (3 attempts, backoff from 1 s)"},
        {"no_retry", "`maxAttempts(1)`"},
        {"backoff_10ms", "`firstBackoff(10 ms)`"}}) {
      String key = "failover." + variant[0];
      @Nullable Double first = number(key + ".first_added_ms");
      @Nullable Double open = number(key + ".open_added_ms");
      row("first vendor refusing connections, first job, " + variant[1],
          format("%+.1f ms", first), format("%.1f ms", baseline) + " per job, healthy vendor alone",
          baseline == null || first == null ? "—" : format("%.2f", (baseline + first) / baseline),
          "≤ 50 ms added", first == null ? "—" : (first <= 50 ? "yes" : "no"));
      row("… once its circuit is open (after " + format("%.0f", number(key + ".jobs_to_open")) + " jobs)",
          format("%+.2f ms", open), format("%.1f ms", baseline) + " per job, healthy vendor alone",
          baseline == null || open == null ? "—" : format("%.2f", (baseline + open) / baseline),
          "≤ 1 ms added", open == null ? "—" : (open <= 1 ? "yes" : "no"));
    }
  }

  private void startUp() {
    String what = "three-vendor gateway built and its first request made (a status call, loopback server), ";
    String raw = " one raw OkHttp + Moshi client, same request";
    for (String[] way : new String[][] {{"plain", "plain builder"}, {"guice", "Guice"}}) {
      @Nullable Double cold = number("startup." + way[0] + ".cold_ms");
      @Nullable Double rawCold = number("startup.okhttp.cold_ms");
      row(what + way[1] + ", cold (fresh JVM)", format("%.0f ms", cold), format("%.0f ms", rawCold) + raw,
          ratio(cold, rawCold), "≤ 1.2 × raw", atMost(cold, rawCold, 1.2));
      @Nullable Double archived = number("startup." + way[0] + ".cold_cds_ms");
      @Nullable Double rawArchived = number("startup.okhttp.cold_cds_ms");
      row(what + way[1] + ", cold with an AppCDS archive", format("%.0f ms", archived),
          format("%.0f ms", rawArchived) + raw + ", same", ratio(archived, rawArchived), "≤ 1.2 × raw",
          atMost(archived, rawArchived, 1.2));
      @Nullable Double warm = number("startup." + way[0] + ".warm_ms");
      @Nullable Double rawWarm = number("startup.okhttp.warm_ms");
      row(what + way[1] + ", warm", format("%.1f ms", warm), format("%.1f ms", rawWarm) + raw,
          ratio(warm, rawWarm), "report", "—");
    }
    @Nullable Double command = number("cli.status.command_ms");
    @Nullable Double minimal = number("cli.status.minimal_ms");
    row("`lipsync status REF` end to end, fresh JVM to exit (loopback server)", format("%.0f ms", command),
        format("%.0f ms", minimal) + " minimal Java program, same call (OkHttp + Moshi)", ratio(command, minimal),
        "≤ 1.3 × raw", atMost(command, minimal, 1.3));
  }

  /** "yes" when {@code gateway} is at most {@code factor} times {@code raw}, "no" otherwise. */
  private static String atMost(@Nullable Double gateway, @Nullable Double raw, double factor) {
    return gateway == null || raw == null ? "—" : (gateway <= factor * raw ? "yes" : "no");
  }

  private void jobStores() {
    @Nullable Double memory = number("stores.job.memory.ms");
    for (String[] store : new String[][] {
        {"sqlite", "embedded store (SQLite file, each write synced)"},
        {"postgres", "PostgreSQL (embedded server, `synchronous_commit=on`)"}}) {
      @Nullable Double job = number("stores.job." + store[0] + ".ms");
      row("time per whole job (identify, submit, one status poll; canned vendor, caller's thread), " + store[1],
          format("%.2f ms", job), format("%.2f ms", memory) + " default in-memory store", ratio(job, memory),
          "report", info(job, memory, "%+.2f ms"));
    }
    @Nullable Double jobs = number("stores.recovery.jobs");
    for (String[] store : new String[][] {{"sqlite", "SQLite file"}, {"postgres", "PostgreSQL"}}) {
      String key = "stores.recovery." + store[0];
      @Nullable Double takeOver = number(key + ".take_over_s");
      @Nullable Double ended = number(key + ".ended_s");
      row("taking over " + format("%,.0f", jobs) + " unfinished jobs (`takeOverJobs`: claim + start tracking), "
              + store[1],
          format("%.1f s", takeOver) + ", " + format("%,.0f jobs/s", perSecond(jobs, takeOver)),
          "all ended " + format("%.1f s", ended) + " after it began (one status call each)", "", "report", "—");
    }
    @Nullable Double one = number("stores.instances.one.polls_mean");
    @Nullable Double three = number("stores.instances.three.polls_mean");
    @Nullable Double twice = number("stores.instances.three.polled_by_two");
    @Nullable Double handed = number("stores.instances.three.handed_over");
    row("status requests per task, tasks of 30–300 s, three instances on PostgreSQL, one killed at "
            + format("%.0f s", number("stores.instances.killed_at_s")),
        format("%.1f", three), format("%.1f", one) + " one instance, same tasks and store", ratio(three, one),
        "≈ one instance; no task polled by two", twice == null || handed == null ? "—"
            : (twice == 0 ? "yes" : "no") + format(": %.0f polled by two", twice) + ", "
                + format("%.0f taken over", handed));
  }

  /** {@code count / seconds}, or null when either is missing or the time is zero. */
  static @Nullable Double perSecond(@Nullable Double count, @Nullable Double seconds) {
    return count == null || seconds == null || seconds == 0 ? null : count / seconds;
  }

  // ---- cells ---------------------------------------------------------------------------------

  private void row(String what, String gateway, String raw, String ratio, String target, String met) {
    rows.add("| " + String.join(" | ", what, gateway, raw, ratio, target, met) + " |");
  }

  private @Nullable Double number(String key) {
    String value = values.get(key);
    return value == null ? null : Double.valueOf(value);
  }

  private String text(String key) {
    @Nullable Double value = number(key);
    return value == null ? "?" : format("%.0f", value);
  }

  private @Nullable Double micros(String nanosKey) {
    @Nullable Double nanos = number(nanosKey);
    return nanos == null ? null : nanos / 1000;
  }

  private static String us(@Nullable Double micros) {
    return format("%.1f µs", micros);
  }

  private static String bytes(@Nullable Double bytes) {
    return bytes == null ? "not measured" : bytes >= 1024 ? format("%.2f KB", bytes / 1024) : format("%.0f B", bytes);
  }

  private static String percent(@Nullable Double share) {
    return share == null ? "not measured" : format("%.1f %%", share * 100);
  }

  private static String ratio(@Nullable Double gateway, @Nullable Double raw) {
    return gateway == null || raw == null || raw == 0 ? "—" : format("%.2f", gateway / raw);
  }

  /** "yes: +1.2 µs" when the difference passes {@code test}, "no: …" otherwise. */
  private static String verdict(@Nullable Double gateway, @Nullable Double raw, DoublePredicate test, String pattern) {
    if (gateway == null || raw == null) {
      return "—";
    }
    double added = gateway - raw;
    return (test.test(added) ? "yes: " : "no: ") + format(pattern, added);
  }

  private static String info(@Nullable Double gateway, @Nullable Double raw, String pattern) {
    return gateway == null || raw == null ? "—" : format(pattern, gateway - raw);
  }

  private static String format(String pattern, @Nullable Double value) {
    return value == null ? "not measured" : String.format(Locale.ROOT, pattern, value);
  }

  /** The machine: CPU, cores, memory, JDK and OS, and how loaded it was. */
  static String machine() {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    String load = read(Path.of("/proc/loadavg"));
    return String.format(Locale.ROOT,
        "Machine: %s, %d cores, %s memory; %s %s (%s); %s %s; load average (1, 5, 15 min) at the end: %s",
        cpu, Runtime.getRuntime().availableProcessors(), memory,
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.version"),
        load.isEmpty() ? "unknown" : String.join(", ", List.of(load.split(" ")).subList(0, 3)));
  }

  private static String firstValue(Path file, String key) {
    for (String line : read(file).split("\n")) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "";
    }
  }
}

package dev.lipsync.cli;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.examples.Simulators;
import dev.lipsync.kling.KlingProvider;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.KlingSimulator;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;

/**
 * {@code lipsync demo}: the three vendors simulated in this process, and a short tour of what the
 * gateway does with them: a job, a text-to-speech job routed to the vendor that can speak, a failover,
 * and the meters. No key, no network. The gateway is configured exactly as {@code run} configures it,
 * from environment variables, which here point at the simulators.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs a short tour on three simulated vendors in this process: no key, no network.")
final class DemoCommand implements Callable<Integer> {
  /** The simulated Kling account's keys: the simulator checks each token's signature with the secret. */
  private static final String KLING_ACCESS_KEY = "demo-access-key";
  private static final String KLING_SECRET_KEY = "demo-secret-key-signing-every-kling-token";
  private static final String VIDEO = "https://example.com/interview.mp4";

  private final Invocation io;

  DemoCommand(Invocation io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PrintStream out = io.out();
    DemoPace pace = io.demoPace();
    MeterRegistry registry = new SimpleMeterRegistry();
    try (SystemScheduler scheduler = new SystemScheduler();
        Simulators simulators = Simulators.start(scheduler);
        KlingSimulator kling = new KlingSimulator(KLING_ACCESS_KEY, KLING_SECRET_KEY, scheduler).start();
        Progress progress = Progress.on(out, Progress.Style.ELAPSED)) {
      // alad takes no face id and its session shows no pictures, so a job naming a face lands there only
      // on a video of one person.
      simulators.alad().faces(List.of(SimFace.defaults().get(0)));
      HttpTrace trace = new HttpTrace(progress);
      trace.enabled(false);
      GatewaySetup setup = GatewaySetup.of(
          simulators.environment(), List.of(), "--vendor", null, pace.polls(), scheduler, trace);

      // Kling's own API, its tokens signed by the same clock the simulator checks them with. Its account
      // runs two tasks at once, and the gateway knows it.
      kling.faces(List.of(SimFace.defaults().get(0)));
      kling.maxTasksInFlight(2);
      LipSyncProvider klingProvider = KlingProvider.builder().accessKey(KLING_ACCESS_KEY)
          .secretKey(KLING_SECRET_KEY).baseUrl(kling.baseUrl()).build();
      List<LipSyncProvider> vendors = new java.util.ArrayList<>(setup.providers());
      vendors.add(klingProvider);
      out.println("lipsync demo: four vendors simulated in this process (no key, no network)");
      for (VendorSimulator simulator : simulators.all()) {
        out.printf("  %-10s %s%n", simulator.vendor(), simulator.baseUrl());
      }
      out.printf("  %-10s %s%n", kling.vendor(), kling.baseUrl());
      boolean ok;
      try (LipSyncGateway gateway = setup.gateway(scheduler, registry, pace.polls(), builder -> builder
          .resilience(pace.resilience())
          .provider(klingProvider)
          .resilience("kling", pace.resilience().toBuilder().maxTasksInFlight(2).build()))) {
        out.println();
        out.println("1. A job: the first face to appear says an audio file. Vendors in priority order.");
        ok = expect(run(gateway, audioJob(1, simulators.alad().audioUrl()), progress), "cometapi");

        out.println();
        out.println("2. Text to speech: only a vendor with built-in voices can take it (alad in the request,"
            + " Kling by its own text to speech first). The first of them by priority gets it.");
        LipSyncJob speech = LipSyncJob.builder()
            .videoUrl(VIDEO)
            .audio(AudioSource.speech("Hello, and welcome to the channel", "oversea_male1", VoiceLanguage.EN))
            .build();
        for (LipSyncProvider provider : vendors) {
          Optional<String> why = provider.capabilities().whyNot(speech);
          out.printf("  %-10s %s%n", provider.id(), why.map(reason -> "cannot: " + reason).orElse("can"));
        }
        ok &= expect(run(gateway, speech, progress), "alad");

        out.println();
        out.println("3. Failover: cometapi refuses every submit, its resource pack used up (Kling 1102),"
            + " so nothing is paid there (HTTP exchanges shown). Face 2 was chosen there by its times;"
            + " apimodels gives no times and lists the people in another order, so the gateway finds the same"
            + " person by comparing the faces' pictures.");
        simulators.cometapi().injectAlways(Endpoint.SUBMIT, Fault.businessCode(429, 1102));
        simulators.apimodels().faces(List.of(SimFace.defaults().get(1), SimFace.defaults().get(0)));
        trace.enabled(true);
        ok &= expect(run(gateway, audioJob(2, simulators.alad().audioUrl()), progress), "apimodels");

        out.println();
        out.println("4. Never paid twice: apimodels creates the task, then a proxy answers with an HTML 502 page."
            + " That proves nothing, so the job stops with the key rather than paying alad too.");
        int aladTasks = simulators.alad().tasks().size();
        simulators.apimodels().inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.htmlPage(502)));
        RunReport unknown = run(gateway, audioJob(2, simulators.alad().audioUrl()), progress);
        io.out().print(TextReport.run(unknown, null).indent(2));
        ok &= unknown.state() == RunReport.State.UNKNOWN && "apimodels".equals(unknown.vendor())
            && simulators.apimodels().tasks().size() == 2 && simulators.alad().tasks().size() == aladTasks;
        trace.enabled(false);

        out.println();
        out.println("5. Kling's own API (each call signed with a JWT): three jobs at once on an account that runs"
            + " two tasks at a time: while two run, the third waits for a slot instead of being refused (Kling"
            + " 1303).");
        List<JobHandle> handles = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          handles.add(gateway.run(LipSyncJob.builder().videoUrl(VIDEO).preferVendors("kling")
              .audio(AudioSource.url(simulators.alad().audioUrl())).build(), progress));
        }
        for (JobHandle handle : handles) {
          ok &= expect(RunReport.awaited(handle), "kling");
        }
        ok &= kling.peakTasksInFlight() <= 2;
      }

      out.println();
      out.println("Meters (Micrometer), per vendor:");
      out.print(summary(registry, vendors));
      out.println();
      out.println(ok
          ? "Demo complete. Point `lipsync run` at real vendors with COMETAPI_KEY, APIMODELS_KEY, ALAD_KEY or KLING_ACCESS_KEY and KLING_SECRET_KEY."
          : "Demo FAILED: a job did not end as expected (see above).");
      return ok ? ExitCodes.SUCCEEDED : ExitCodes.OTHER;
    }
  }

  /** Face {@code face} says the audio at {@code audioUrl}, which the gateway measures before paying. */
  private static LipSyncJob audioJob(int face, String audioUrl) {
    return LipSyncJob.builder()
        .videoUrl(VIDEO)
        .dub(Dub.builder()
            .face(FaceSelector.nthByAppearance(face))
            .audio(AudioSource.url(audioUrl))
            .build())
        .build();
  }

  private RunReport run(LipSyncGateway gateway, LipSyncJob job, Progress progress) {
    JobHandle handle = gateway.run(job, progress);
    try {
      return RunReport.succeeded(handle.result().join());
    } catch (CompletionException e) {
      return RunReport.failed(
          LipSyncException.causeOf(e), handle.attempts(), handle.taskRef().orElse(null), handle.idempotencyKey());
    }
  }

  private boolean expect(RunReport report, String vendor) {
    io.out().print(TextReport.run(report, null).indent(2));
    return report.state() == RunReport.State.SUCCEEDED && vendor.equals(report.vendor());
  }

  /** The table of meters: requests, failovers away from each vendor, status polls, estimated cost. */
  static String summary(MeterRegistry registry, List<LipSyncProvider> providers) {
    StringBuilder table = new StringBuilder(String.format("  %-10s %8s %9s %6s %10s%n",
        "vendor", "requests", "failovers", "polls", "cost USD"));
    for (LipSyncProvider provider : providers) {
      String vendor = provider.id();
      long requests = registry.find("lipsync.requests").tag("vendor", vendor).timers().stream()
          .mapToLong(Timer::count).sum();
      double failovers = registry.find("lipsync.failovers").tag("from", vendor).counters().stream()
          .mapToDouble(Counter::count).sum();
      double polls = registry.find("lipsync.polls").tag("vendor", vendor).counters().stream()
          .mapToDouble(Counter::count).sum();
      double cost = registry.find("lipsync.cost").tag("vendor", vendor).counters().stream()
          .mapToDouble(Counter::count).sum();
      String costs = provider.pricing().isKnown() ? String.format("%10.4f", cost) : String.format("%10s", "unknown");
      table.append(String.format("  %-10s %8d %9.0f %6.0f %s%n", vendor, requests, failovers, polls, costs));
    }
    return table.toString();
  }
}

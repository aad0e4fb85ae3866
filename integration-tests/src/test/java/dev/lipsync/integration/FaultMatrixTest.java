package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.integration.MatrixFault.CallbackFault;
import dev.lipsync.integration.MatrixFault.Callbacks;
import dev.lipsync.integration.MatrixFault.ConnectionFault;
import dev.lipsync.integration.MatrixFault.Download;
import dev.lipsync.integration.MatrixFault.DownloadFault;
import dev.lipsync.integration.MatrixFault.Phase;
import dev.lipsync.integration.MatrixFault.Script;
import dev.lipsync.integration.MatrixFault.SimulatorFault;
import dev.lipsync.support.FacePictureFetcher;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.testkit.VirtualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import dev.lipsync.download.DownloadException;
import dev.lipsync.download.ResultDownloader;
import mockwebserver3.MockResponse;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fault matrix of issue 8: every fault of {@link MatrixFault#all()} against each vendor, in every
 * phase where it applies, one generated test per cell, each asserting the outcome the gateway's
 * failure table prescribes ({@link Expected}) and the four totals that must stay zero: duplicate paid
 * submits, created tasks whose ref is lost, exceptions outside the library's typed errors, and submits
 * naming another person than the job's. Every video shows two people, listed without times in another
 * order at apimodels and alad, and the job names the second to appear (ben), so each failover cell also
 * shows how the next vendor found him: exactly, by picture, or not surely enough to pay (refused). The
 * run writes {@code docs/RELIABILITY.md} (see {@link ReliabilityReport#COMMAND}).
 */
class FaultMatrixTest {
  /** Where the report goes when set, relative to the project's root; otherwise only to target/. */
  private static final String REPORT_PROPERTY = "lipsync.reliability.report";
  private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofMillis(400);
  private static final String VIDEO = "https://example.com/interview.mp4";
  private static final String CALLBACK_URL = "https://app.example.com/lipsync/callbacks";

  /**
   * Every provider calls through this client's dispatcher, so the clock can wait while HTTP runs. It
   * keeps no idle connection: on a reused loopback connection to MockWebServer each exchange waited
   * about 40 ms for a delayed TCP acknowledgement, which made the matrix six times slower.
   */
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .dispatcher(new Dispatcher())
      .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
      .build();
  private static final BooleanSupplier HTTP_IN_FLIGHT =
      () -> HTTP.dispatcher().runningCallsCount() + HTTP.dispatcher().queuedCallsCount() > 0;
  private static final ReliabilityReport REPORT = new ReliabilityReport();
  /** The two people of every simulator's video: ana on screen from 0 to 4 s, ben from 2 to 9 s. */
  private static final SimFace ANA = SimFace.defaults().get(0);
  private static final SimFace BEN = SimFace.defaults().get(1);

  @TestFactory
  List<DynamicTest> matrix() {
    List<DynamicTest> cells = new ArrayList<>();
    for (String vendor : ThreeVendors.VENDORS) {
      boolean callbacks = sendsCallbacks(vendor);
      for (Phase phase : Phase.values()) {
        for (MatrixFault fault : MatrixFault.all()) {
          if (fault.appliesTo(vendor, phase, callbacks)) {
            cells.add(dynamicTest(vendor + " · " + phase.label() + " · " + fault.name(),
                () -> check(vendor, phase, fault)));
          }
        }
      }
    }
    return cells;
  }

  @AfterAll
  static void writeReport() {
    List<MatrixFault> faults = MatrixFault.all();
    REPORT.write(Path.of("target", "reliability", "RELIABILITY.md"), faults, ThreeVendors.VENDORS);
    String target = System.getProperty(REPORT_PROPERTY);
    if (target != null && !target.isBlank()) {
      Path root = Path.of(System.getProperty("lipsync.projectRoot", ".."));
      REPORT.write(root.resolve(target).normalize(), faults, ThreeVendors.VENDORS);
    }
  }

  private static void check(String vendor, Phase phase, MatrixFault fault) {
    ReliabilityReport.Cell cell;
    try {
      cell = new Cell(vendor, phase, fault).run();
    } catch (RuntimeException | AssertionError e) {
      // A hang or a broken cell still shows in the report, as a failure.
      REPORT.add(new ReliabilityReport.Cell(vendor, phase, fault.name(), expected(vendor, fault, phase),
          "no outcome: " + e.getClass().getSimpleName(), 0, 0, 0, 1, 0, 0, null, 0));
      throw e;
    }
    REPORT.add(cell);
    assertThat(cell.observed()).as("the outcome the failure table prescribes").isEqualTo(cell.expected());
    assertThat(cell.duplicates()).as("duplicate paid submits").isZero();
    assertThat(cell.unaccounted()).as("tasks created whose ref is in neither the result nor the exception")
        .isZero();
    assertThat(cell.unexpected()).as("exceptions other than the library's typed errors").isZero();
    assertThat(cell.wrongPersonSubmits()).as("submits naming another person than ben").isZero();
    if (cell.observed().equals(Expected.FAILOVER)) {
      assertThat(cell.faceAtNext()).as("how the next vendor found ben")
          .isIn(ReliabilityReport.EXACTLY, ReliabilityReport.BY_PICTURE);
    } else if (cell.observed().equals(Expected.FACE_REFUSED)) {
      assertThat(cell.faceAtNext()).as("how the next vendor found ben").isEqualTo(ReliabilityReport.REFUSED);
    } else {
      assertThat(cell.faceAtNext()).as("how the next vendor found ben, though it was not reached").isNull();
    }
  }

  /** What the failure table prescribes for {@code fault} in {@code phase} at the faulty {@code vendor}. */
  private static String expected(String vendor, MatrixFault fault, Phase phase) {
    if (fault.injection() instanceof Download download) {
      return Expected.outcome(download.fault());
    }
    return fault.injection() instanceof Callbacks callbacks
        ? Expected.outcome(callbacks.fault()) : Expected.outcome(fault.rowIn(phase), phase, vendor);
  }

  private static boolean sendsCallbacks(String vendor) {
    LipSyncProvider provider = switch (vendor) {
      case "cometapi" -> CometApiProvider.builder().apiKey(ThreeVendors.KEY).build();
      case "apimodels" -> ApiModelsProvider.builder().apiKey(ThreeVendors.KEY).scheduler(new ManualScheduler()).build();
      case "alad" -> AladProvider.builder().apiKey(ThreeVendors.KEY).build();
      default -> throw new IllegalArgumentException(vendor);
    };
    return provider.capabilities().callbacks();
  }

  /** How a job ended: its result, or the exception it failed with (unwrapped). */
  private record Settled(LipSyncResult result, Throwable failure) {}

  /** One cell: a job through a gateway whose first vendor meets the fault. */
  private static final class Cell {
    private final String faulty;
    private final String second;
    private final Phase phase;
    private final MatrixFault fault;
    private final ThreeVendors vendors = new ThreeVendors();
    private final VendorSimulator simulator;
    private final FaultySockets sockets;
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean struck = new AtomicBoolean();
    private final CompletableFuture<TaskRef> submitted = new CompletableFuture<>();
    private final LipSyncJob job;
    private volatile int requestsBefore;
    private volatile int statusPollsBefore;
    private String forgedVideo;
    private int unexpected;

    Cell(String faulty, Phase phase, MatrixFault fault) {
      this.faulty = faulty;
      this.second = faulty.equals("cometapi") ? "apimodels" : "cometapi";
      this.phase = phase;
      this.fault = fault;
      this.simulator = vendors.simulator(faulty);
      this.sockets = fault.injection() instanceof ConnectionFault ? new FaultySockets() : null;
      // ben, the second person to appear: by his times where cometapi comes first, and otherwise by
      // cometapi's picture of him, which every vendor can serve (apimodels and cometapi by comparing
      // pictures, alad by being sent it).
      FaceSelector ben = faulty.equals("cometapi") ? FaceSelector.nthByAppearance(2)
          : FaceSelector.lookingLike(vendors.cometapi.faceImageUrl(BEN));
      this.job = LipSyncJob.builder()
          .videoUrl(VIDEO)
          .dub(Dub.builder().face(ben).audio(AudioSource.url("https://example.com/line.mp3")).build())
          .callbackUrl(CALLBACK_URL)
          .build();
    }

    ReliabilityReport.Cell run() {
      try (ThreeVendors open = vendors) {
        // Two people everywhere; without times, apimodels and alad list ben first, so that listing
        // order would pick the wrong person for "the second to appear".
        vendors.cometapi.faces(List.of(ANA, BEN));
        vendors.apimodels.faces(List.of(BEN, ANA));
        vendors.alad.faces(List.of(BEN, ANA));
        // No connection is kept (see HTTP), so the next call of the faulty vendor connects anew.
        OkHttpClient client = sockets == null ? HTTP : HTTP.newBuilder().socketFactory(sockets).build();
        Duration timeout = fault.waitsForTimeout() ? SHORT_REQUEST_TIMEOUT : ThreeVendors.REQUEST_TIMEOUT;
        LipSyncGateway gateway = vendors.gateway(
                vendors.provider(faulty, timeout, client),
                vendors.provider(second, ThreeVendors.REQUEST_TIMEOUT, HTTP))
            // Face pictures through HTTP as well, so that the clock waits for them as for any call.
            .pictureFetcher(new FacePictureFetcher(HTTP))
            .build();
        if (fault.injection() instanceof Callbacks callbacks) {
          return callbackCell(gateway, callbacks.fault());
        }
        if (fault.injection() instanceof Download download) {
          return downloadCell(gateway, download.fault());
        }
        if (phase == Phase.IDENTIFY || phase.isSubmit() && fault.injection() instanceof SimulatorFault
            || fault.injection() instanceof Script) {
          strike();
        }
        JobHandle handle = gateway.run(job, this::onEvent);
        Settled settled = settle(handle);
        return result(expected(faulty, fault, phase), observed(settled), settled);
      }
    }

    /** Injects the fault where the phase begins: the events of the faulty vendor say when. */
    private void onEvent(JobEvent event) {
      events.add(event);
      if (!faulty.equals(event.vendor())) {
        return;
      }
      boolean identified = event.type() == JobEvent.Type.IDENTIFIED && phase.isSubmit();
      boolean created = event.type() == JobEvent.Type.SUBMITTED;
      if (created) {
        statusPollsBefore = simulator.count(Endpoint.STATUS);
        submitted.complete(event.taskRef());
      }
      if (identified || created && phase == Phase.STATUS) {
        strike();
      }
    }

    private void strike() {
      if (!struck.compareAndSet(false, true)) {
        return;
      }
      Endpoint endpoint = endpoint();
      requestsBefore = simulator.count(endpoint);
      if (fault.injection() instanceof SimulatorFault made) {
        simulator.inject(endpoint, made.at(faulty, phase, vendors.clock));
      } else if (fault.injection() instanceof ConnectionFault connection) {
        sockets.failNext(connection.failure());
      } else if (fault.injection() instanceof Script script && phase == Phase.IDENTIFY) {
        ((ApiModelsSimulator) simulator).identifyScript(script.script());
      } else if (fault.injection() instanceof Script script) {
        simulator.script(script.script());
      } else {
        throw new IllegalStateException("callbacks are delivered, not injected");
      }
    }

    private Endpoint endpoint() {
      return switch (phase) {
        case IDENTIFY -> Endpoint.IDENTIFY;
        case SUBMIT, CREATED -> Endpoint.SUBMIT;
        case STATUS, CALLBACK, DOWNLOAD -> Endpoint.STATUS;
      };
    }

    private Settled settle(JobHandle handle) {
      CompletableFuture<Settled> settled = handle.result().handle(
          (result, error) -> new Settled(result, error == null ? null : LipSyncException.causeOf(error)));
      return VirtualTime.await(settled, vendors.clock, HTTP_IN_FLIGHT);
    }

    // ---- what happened ---------------------------------------------------------------------------

    /** The outcome in the report's words; anything that breaks an outcome's promise is spelled out. */
    private String observed(Settled settled) {
      if (!struck()) {
        return "the fault never struck";
      }
      String outcome = outcomeOf(settled);
      if (outcome.equals(Expected.FAILOVER) && !simulator.tasks().isEmpty()) {
        return outcome + " (but " + faulty + " created a task)";
      }
      if (outcome.equals(Expected.FACE_REFUSED)
          && (vendors.submits() > 0 || vendors.all().stream().anyMatch(s -> !s.tasks().isEmpty()))) {
        return outcome + " (but a submit was sent)";
      }
      if (!outcome.equals(Expected.FAILOVER) && !outcome.equals(Expected.FACE_REFUSED)
          && !apiRequests(vendors.simulator(second)).isEmpty()) {
        return outcome + " (but requests went to " + second + ")";
      }
      if (steppedBack()) {
        return outcome + " (but the task's state went back)";
      }
      return outcome;
    }

    /** Whether the job reported its task queued again after it was running: states only move forward. */
    private boolean steppedBack() {
      boolean running = false;
      for (JobEvent event : events) {
        if (event.type() == JobEvent.Type.RUNNING) {
          if (event.message().startsWith(TaskState.QUEUED.name()) && running) {
            return true;
          }
          running |= event.message().startsWith(TaskState.RUNNING.name());
        }
      }
      return false;
    }

    private String outcomeOf(Settled settled) {
      Throwable failure = settled.failure();
      if (failure == null) {
        if (!settled.result().vendor().equals(faulty)) {
          return Expected.FAILOVER;
        }
        if (phase.isSubmit() && simulator.count(Endpoint.IDENTIFY) >= 2) {
          return Expected.RE_IDENTIFY;
        }
        if (phase.isSubmit() && attempts() >= 2
            && events.stream().anyMatch(e -> e.type() == JobEvent.Type.WAITING && faulty.equals(e.vendor()))) {
          return Expected.WAITED;
        }
        if ((phase == Phase.IDENTIFY || phase.isSubmit()) && attempts() >= 2) {
          return Expected.RETRY;
        }
        return Expected.POLL_ON;
      }
      if (failure instanceof NotSupportedException refused && second.equals(refused.vendor())
          && refused.taskRef().isEmpty()) {
        return Expected.FACE_REFUSED;
      }
      if (failure instanceof SubmitOutcomeUnknownException unknown) {
        return job.idempotencyKey().equals(unknown.idempotencyKey())
            ? Expected.UNKNOWN : Expected.UNKNOWN + " without the job's key";
      }
      if (failure instanceof LipSyncException error) {
        if (error.taskRef().isEmpty()) {
          return Expected.STOP + error.kind().tag();
        }
        return error.kind() == FailureKind.DEADLINE_EXCEEDED ? Expected.DEADLINE : Expected.END + error.kind().tag();
      }
      unexpected++;
      return "unexpected " + failure.getClass().getName();
    }

    /** Calls of the phase's endpoint that reached the faulty vendor or were refused on the way. */
    private int attempts() {
      return simulator.count(endpoint()) - requestsBefore + (sockets != null && sockets.failed() ? 1 : 0);
    }

    private boolean struck() {
      if (!struck.get()) {
        return false;
      }
      if (fault.injection() instanceof ConnectionFault) {
        return sockets.failed();
      }
      if (fault.injection() instanceof Script) {
        return phase == Phase.IDENTIFY
            ? !((ApiModelsSimulator) simulator).identifyTasks().isEmpty() : !simulator.tasks().isEmpty();
      }
      return simulator.count(endpoint()) > requestsBefore;
    }

    private ReliabilityReport.Cell result(String expected, String observed, Settled settled) {
      int paid = vendors.all().stream().mapToInt(s -> s.tasks().size()).sum();
      int unaccounted = 0;
      for (VendorSimulator vendor : vendors.all()) {
        for (SimulatedTask task : vendor.tasks()) {
          if (!reported(new TaskRef(vendor.vendor(), task.id()), settled)) {
            unaccounted++;
          }
        }
      }
      return new ReliabilityReport.Cell(faulty, phase, fault.name(), expected, observed,
          paid, Math.max(0, paid - 1), unaccounted, unexpected,
          // Per cell, not per callback: a repeat that shares the confirmation in flight is counted by the
          // meter, one that comes after the end is not, and the report must not change from run to run.
          Math.min(1, callbacks("confirmed")), Math.min(1, callbacks("contradicted")),
          faceAtNext(settled), wrongPersonSubmits());
    }

    /** Requests to a vendor's API: its pictures, fetched as from any CDN, are no call of the vendor. */
    private List<VendorSimulator.Recorded> apiRequests(VendorSimulator vendor) {
      return vendor.requests().stream()
          .filter(r -> !r.request().getUrl().encodedPath().startsWith("/faces/"))
          .toList();
    }

    /**
     * How the next vendor found ben, in a cell whose job reached it (called its API): {@link
     * ReliabilityReport#EXACTLY} or {@link ReliabilityReport#BY_PICTURE} as the gateway said when it chose
     * the face there (the precision closing its IDENTIFIED event), {@link ReliabilityReport#REFUSED} when
     * it could not find him surely enough to pay; null when the job never reached the next vendor.
     */
    private String faceAtNext(Settled settled) {
      if (apiRequests(vendors.simulator(second)).isEmpty()) {
        return null;
      }
      String chose = null;
      for (JobEvent event : events) {
        if (second.equals(event.vendor()) && event.type() == JobEvent.Type.IDENTIFIED
            && event.message().contains("; chose ")) {
          chose = event.message();
        }
      }
      if (chose == null) {
        return settled.failure() instanceof NotSupportedException refused && second.equals(refused.vendor())
            ? ReliabilityReport.REFUSED : "no face chosen";
      }
      if (chose.endsWith("(" + ReliabilityReport.EXACTLY + ")")) {
        return ReliabilityReport.EXACTLY;
      }
      if (chose.endsWith("(" + ReliabilityReport.BY_PICTURE + ")")) {
        // The result's rule says the same, where the job succeeded there.
        if (settled.result() != null && settled.result().faceRules().stream()
            .noneMatch(rule -> rule.contains("its picture matches (") || rule.startsWith("the face looking like "))) {
          return "by picture, but the result's rule says " + settled.result().faceRules();
        }
        return ReliabilityReport.BY_PICTURE;
      }
      return chose.substring(chose.indexOf("; chose ") + "; chose ".length());
    }

    /**
     * Submits, at any vendor, that named another face than ben's: CometAPI's and apimodels' bodies name
     * the face id ({@code cometapi-ben}, {@code apimodels-ben}); alad's name the picture of ben, and the
     * person each alad task dubs is ben.
     */
    private int wrongPersonSubmits() {
      int wrong = 0;
      for (VendorSimulator vendor : vendors.all()) {
        String named = vendor instanceof AladSimulator
            ? vendors.cometapi.faceImageUrl(BEN) : vendor.vendor() + "-" + BEN.person();
        for (VendorSimulator.Recorded submit : vendor.requests(Endpoint.SUBMIT)) {
          String body = submit.body();
          if (!body.contains(named) || body.contains("-" + ANA.person())) {
            wrong++;
          }
        }
      }
      for (SimulatedTask task : vendors.alad.tasks()) {
        if (!vendors.alad.personDubbed(task.id()).filter(BEN.person()::equals).isPresent()) {
          wrong++;
        }
      }
      return wrong;
    }

    /** The faulty vendor's callbacks the gateway weighed so, by its meters. */
    private int callbacks(String verdict) {
      var counter = vendors.registry.find("lipsync.callbacks").tags("vendor", faulty, "verdict", verdict).counter();
      return counter == null ? 0 : (int) counter.count();
    }

    /** Whether the job's end names the task, or reports the unknown outcome of its submit. */
    private boolean reported(TaskRef ref, Settled settled) {
      if (settled.result() != null) {
        return settled.result().taskRef().equals(ref);
      }
      if (settled.failure() instanceof SubmitOutcomeUnknownException unknown) {
        return ref.vendor().equals(unknown.vendor()) && job.idempotencyKey().equals(unknown.idempotencyKey());
      }
      return settled.failure() instanceof LipSyncException error && error.taskRef().filter(ref::equals).isPresent();
    }

    // ---- downloads -------------------------------------------------------------------------------

    /**
     * The job runs to its end at the faulty vendor, whose result URL (or answer to the download) is the
     * fault; then the result is downloaded as an application does.
     */
    private ReliabilityReport.Cell downloadCell(LipSyncGateway gateway, DownloadFault downloadFault) {
      VendorSimulator other = vendors.simulator(second);
      String here = simulator.baseUrl().replaceFirst("/$", "");
      HttpUrl base = HttpUrl.get(simulator.baseUrl());
      ResultDownloader.Builder downloader = ResultDownloader.builder().client(HTTP);
      switch (downloadFault) {
        case PRIVATE_ADDRESS -> simulator.reportResultsAt("https://10.0.0.1/results/video.mp4");
        case PRIVATE_NAME -> {
          simulator.reportResultsAt("https://cdn.results.example/video.mp4");
          // The name resolves into the private network: the downloader's client asks this DNS.
          downloader.client(HTTP.newBuilder()
              .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 20, 30, 40}))).build());
        }
        case LOOKALIKE_LOOPBACK -> simulator.reportResultsAt("http://evil.localhost:" + base.port() + "/results/v.mp4");
        case OTHER_PORT -> simulator.answerNextResultWith(redirect(
            "http://" + base.host() + ":" + HttpUrl.get(other.baseUrl()).port() + "/results/video.mp4"));
        case OTHER_HOST -> simulator.answerNextResultWith(redirect(
            "http://" + (base.host().equals("localhost") ? "127.0.0.1" : "localhost") + ":" + base.port()
                + "/results/video.mp4"));
        case NOT_A_VIDEO -> simulator.answerNextResultWith(new MockResponse.Builder().code(200)
            .setHeader("Content-Type", "text/html").body("<html><body>not a video</body></html>").build());
        case TOO_LARGE -> downloader.maxBytes(VendorSimulator.RESULT_VIDEO.length - 1);
        case SAME_PLACE -> simulator.answerNextResultWith(redirect(here + "/results/signed-video.mp4?sig=1"));
      }
      struck.set(true);
      JobHandle handle = gateway.run(job, this::onEvent);
      Settled settled = settle(handle);
      String observed;
      if (settled.result() == null) {
        observed = "the job did not finish: " + outcomeOf(settled);
      } else {
        try {
          observed = downloaded(downloader.build(), settled.result(), other);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return result(expected(faulty, fault, phase), observed, settled);
    }

    /** The download's outcome in the report's words; anything that breaks its promise is spelled out. */
    private String downloaded(ResultDownloader downloader, LipSyncResult result, VendorSimulator other)
        throws IOException {
      Path dir = Files.createTempDirectory("lipsync-matrix-");
      Path target = dir.resolve("video.mp4");
      int otherResults = resultRequests(other);
      try {
        downloader.download(result.videos().get(0), target);
        return Files.readAllBytes(target).length == VendorSimulator.RESULT_VIDEO.length
            ? Expected.DOWNLOADED : "downloaded a truncated file";
      } catch (DownloadException e) {
        try (var files = Files.list(dir)) {
          if (files.findAny().isPresent()) {
            return Expected.NOT_FETCHED + " (but a file was written)";
          }
        }
        return resultRequests(other) > otherResults ? Expected.NOT_FETCHED + " (but the other port was asked)"
            : Expected.NOT_FETCHED;
      } finally {
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(dir);
      }
    }

    private int resultRequests(VendorSimulator vendor) {
      return (int) vendor.requests().stream()
          .filter(r -> r.request().getUrl().encodedPath().startsWith("/results/")).count();
    }

    private static MockResponse redirect(String location) {
      return new MockResponse.Builder().code(302).setHeader("Location", location).build();
    }

    // ---- callbacks -------------------------------------------------------------------------------

    private ReliabilityReport.Cell callbackCell(LipSyncGateway gateway, CallbackFault callbackFault) {
      JobHandle handle = gateway.run(job, this::onEvent);
      TaskRef ref = VirtualTime.await(submitted, vendors.clock, HTTP_IN_FLIGHT);
      SimulatedTask task = simulator.task(ref.taskId());
      struck.set(true);
      List<CallbackOutcome> outcomes = new ArrayList<>();
      boolean steppedBack = false;
      switch (callbackFault) {
        case DUPLICATED -> {
          task.finish(true);
          String body = simulator.callbackBody(task.id());
          outcomes.add(deliver(gateway, body));
          outcomes.add(deliver(gateway, body));
        }
        case OUT_OF_ORDER -> {
          String queued = simulator.callbackBody(task.id());
          task.poll(vendors.clock.now());
          String running = simulator.callbackBody(task.id());
          outcomes.add(deliver(gateway, running));
          outcomes.add(deliver(gateway, queued));
          steppedBack = steppedBack() || handle.state() != JobState.RUNNING;
          task.finish(true);
          outcomes.add(deliver(gateway, simulator.callbackBody(task.id())));
          outcomes.add(deliver(gateway, running));
        }
        case UNKNOWN_TASK -> {
          task.finish(true);
          String unknownId = "9" + task.id() + "9";
          outcomes.add(deliver(gateway, simulator.callbackBody(task.id())
              .replace("\"" + task.id() + "\"", "\"" + unknownId + "\"")));
        }
        case FORGED -> {
          forgedVideo = "https://forger.example/not-your-video.mp4";
          outcomes.add(deliver(gateway, simulator.forgedCallbackBody(task.id(), forgedVideo)));
        }
        case MALFORMED -> outcomes.add(deliver(gateway, "{\"task_id\": \"" + task.id() + "\", \"task_status\": "));
        case OVERSIZED -> {
          task.finish(true);
          String body = simulator.callbackBody(task.id());
          outcomes.add(deliver(gateway, "{\"padding\": \"" + "x".repeat(1 << 20) + "\", " + body.substring(1)));
        }
      }
      Settled settled = settle(handle);
      return result(expected(faulty, fault, phase), callbackObserved(callbackFault, outcomes, steppedBack, settled), settled);
    }

    private CallbackOutcome deliver(LipSyncGateway gateway, String body) {
      try {
        return gateway.onCallback(faulty, body);
      } catch (RuntimeException e) {
        unexpected++;
        return null;
      }
    }

    private String callbackObserved(
        CallbackFault callbackFault, List<CallbackOutcome> outcomes, boolean steppedBack, Settled settled) {
      String general = outcomeOf(settled);
      int polls = simulator.count(Endpoint.STATUS) - statusPollsBefore;
      boolean served = general.equals(Expected.POLL_ON);
      String seen = "outcomes " + outcomes + ", " + polls + " poll(s), " + general;
      // A callback saying the task ended is believed after one status call confirms it: that call is
      // the only one a callback that finishes the job may cost.
      return switch (callbackFault) {
        case DUPLICATED -> served && polls == 1 && outcomes.get(0) == CallbackOutcome.ACCEPTED
            && outcomes.get(1) != null && outcomes.get(1) != CallbackOutcome.MALFORMED ? Expected.ONCE : seen;
        case FORGED -> served && outcomes.get(0) == CallbackOutcome.ACCEPTED && settled.result() != null
            && settled.result().videos().stream().noneMatch(v -> v.url().toString().equals(forgedVideo))
            && callbacks("contradicted") == 1 ? Expected.NOT_BELIEVED : seen;
        case OUT_OF_ORDER -> served && !steppedBack && polls == 1
            && outcomes.subList(0, 3).stream().allMatch(o -> o == CallbackOutcome.ACCEPTED)
            && outcomes.get(3) != null && outcomes.get(3) != CallbackOutcome.MALFORMED ? Expected.FORWARD : seen;
        case UNKNOWN_TASK -> served && polls > 0 && outcomes.get(0) == CallbackOutcome.UNKNOWN_TASK
            ? Expected.IGNORED : seen;
        case MALFORMED -> served && polls > 0 && outcomes.get(0) == CallbackOutcome.MALFORMED
            ? Expected.REFUSED : seen;
        case OVERSIZED -> served && polls > 0 && outcomes.get(0) == CallbackOutcome.MALFORMED
            ? Expected.REFUSED_UNREAD : seen;
      };
    }
  }
}

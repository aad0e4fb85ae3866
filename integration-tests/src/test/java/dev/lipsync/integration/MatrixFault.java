package dev.lipsync.integration;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.TaskScript;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One fault of the matrix (a row of {@code docs/RELIABILITY.md}): what is injected, in which phases it
 * applies, and which row of the gateway's failure table it belongs to in each phase, from which the
 * outcome the matrix expects follows ({@link Expected}).
 *
 * @param name the row's name, as test names and the table show it
 * @param injection how the fault is made
 * @param phases the phases it applies to at every vendor (callbacks: at vendors that send them)
 * @param row the failure table's row in identify and status, where calls are safe to repeat
 * @param submitRow the row in submit, where the call is paid
 * @param waitsForTimeout whether the client must give up on its request timeout, so the faulty
 *     vendor's provider is given a short one
 */
record MatrixFault(
    String name,
    Injection injection,
    List<Phase> phases,
    Row row,
    Row submitRow,
    boolean waitsForTimeout) {

  /** The steps of a job where a fault can strike. */
  enum Phase {
    IDENTIFY,
    /** The submit's answer, before the vendor handled the request. */
    SUBMIT,
    /** The submit's answer, after the vendor created the task: the answer is lost to the fault. */
    CREATED,
    STATUS,
    CALLBACK,
    /** Fetching the finished video from where the vendor's result URL leads. */
    DOWNLOAD;

    String label() {
      return this == CREATED ? "after create" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the fault strikes the paid submit. */
    boolean isSubmit() {
      return this == SUBMIT || this == CREATED;
    }

    /** The gateway's operation the phase is part of, as the failure policy names it. */
    String operation() {
      return isSubmit() ? "SUBMIT" : name();
    }
  }

  /**
   * The failure table's rows as the matrix meets them, plus what a task's own behaviour can be. A row
   * names the {@link FailureKind} it stands for where there is one.
   */
  enum Row {
    RATE_LIMITED(FailureKind.RATE_LIMITED),
    /** Rate limited by the account's tasks in flight (Kling 1303): a wait at the vendor. */
    TOO_MANY_TASKS(FailureKind.RATE_LIMITED),
    UNAVAILABLE(FailureKind.UNAVAILABLE),
    /** Unavailable with nothing sent: the vendor could not be reached at all. */
    UNREACHABLE(FailureKind.UNAVAILABLE),
    AUTHENTICATION(FailureKind.AUTHENTICATION),
    OUT_OF_CREDIT(FailureKind.OUT_OF_CREDIT),
    INVALID_REQUEST(FailureKind.INVALID_REQUEST),
    NOT_FOUND(FailureKind.NOT_FOUND),
    CONTENT_REJECTED(FailureKind.CONTENT_REJECTED),
    /** An answer that cannot be read: not in the table; the gateway tries the next vendor. */
    PROTOCOL(FailureKind.PROTOCOL),
    SUBMIT_OUTCOME_UNKNOWN(FailureKind.SUBMIT_OUTCOME_UNKNOWN),
    SESSION_EXPIRED(FailureKind.SESSION_EXPIRED),
    /** The task reports something odd but goes on. */
    STILL_RUNNING(null),
    /** The task never ends. */
    NEVER_ENDS(FailureKind.DEADLINE_EXCEEDED),
    /** A callback fault: the outcome is the callback's own. */
    CALLBACK(null),
    /** A download fault: the outcome is the downloader's. */
    DOWNLOAD(null);

    private final FailureKind kind;

    Row(FailureKind kind) {
      this.kind = kind;
    }

    FailureKind kind() {
      return kind;
    }
  }

  /** How a fault is made. */
  sealed interface Injection {}

  /** A simulator fault, injected once at the phase's endpoint (the vendor's own format). */
  record SimulatorFault(BiFunction<String, ManualScheduler, Fault> fault) implements Injection {
    /**
     * The fault for {@code vendor}. After create, the vendor handles the submit (creates the paid task)
     * and the fault takes the answer's place: the case in which paying twice is possible.
     */
    Fault at(String vendor, Phase phase, ManualScheduler clock) {
      Fault made = fault.apply(vendor, clock);
      return phase == Phase.CREATED ? Fault.afterHandling(made) : made;
    }
  }

  /** The next connection of the faulty vendor's client fails. */
  record ConnectionFault(FaultySockets.Failure failure) implements Injection {}

  /** Every task the faulty vendor creates from the start of the job behaves so. */
  record Script(TaskScript script) implements Injection {}

  /** Something done with the vendor's callbacks while the job runs. */
  record Callbacks(CallbackFault fault) implements Injection {}

  /** Where the vendor's result URL, or its answer to the download, leads the download of the video. */
  record Download(DownloadFault fault) implements Injection {}

  /** The download faults. */
  enum DownloadFault {
    /** The result URL is an address literal in a private network. */
    PRIVATE_ADDRESS,
    /** The result URL's name resolves into a private network. */
    PRIVATE_NAME,
    /** The result URL is plain http to a name that only looks like loopback. */
    LOOKALIKE_LOOPBACK,
    /** The download is redirected to another port of the same host: another service there. */
    OTHER_PORT,
    /** The download is redirected to another host. */
    OTHER_HOST,
    /** The download answers with a page that is no video. */
    NOT_A_VIDEO,
    /** The video is larger than the downloader's cap. */
    TOO_LARGE,
    /** The download is redirected within the same scheme, host and port: followed. */
    SAME_PLACE
  }

  /** The callback faults. */
  enum CallbackFault {
    DUPLICATED,
    FORGED,
    OUT_OF_ORDER,
    UNKNOWN_TASK,
    MALFORMED,
    OVERSIZED
  }

  private static final List<Phase> CALLS = List.of(Phase.IDENTIFY, Phase.SUBMIT, Phase.STATUS);
  private static final List<Phase> ANSWERS = List.of(Phase.IDENTIFY, Phase.SUBMIT, Phase.CREATED, Phase.STATUS);

  /** Every fault, in the order of the table. */
  static List<MatrixFault> all() {
    List<MatrixFault> faults = new ArrayList<>();
    // An outage answer, even in the vendor's own format, can come after the task was created.
    for (int status : new int[] {500, 502, 503, 504, 524}) {
      faults.add(ambiguous("HTTP " + status, (v, c) -> Fault.status(status), Row.UNAVAILABLE, false));
    }
    faults.add(plain("HTTP 429, Retry-After in seconds", (v, c) -> Fault.status(429, "2"), Row.RATE_LIMITED));
    faults.add(plain("HTTP 429, Retry-After as an HTTP date",
        (v, c) -> Fault.status(429, httpDate(c, Duration.ofSeconds(10))), Row.RATE_LIMITED));
    // A proxy's answers, without the vendor's code: at a submit they prove nothing.
    faults.add(ambiguous("HTTP 429 without the vendor's code (a proxy's)",
        (v, c) -> Fault.response(bare(429, "{\"message\": \"Too Many Requests\"}")), Row.RATE_LIMITED, false));
    faults.add(ambiguous("HTTP 502 with an empty body (a proxy's)", (v, c) -> Fault.response(bare(502, "")),
        Row.UNAVAILABLE, false));
    klingCodes(faults);
    faults.add(new MatrixFault("connection refused",
        new ConnectionFault(FaultySockets.Failure.REFUSED), CALLS, Row.UNREACHABLE, Row.UNREACHABLE, false));
    faults.add(ambiguous("connection reset before the answer",
        (v, c) -> Fault.resetBeforeAnswer(), Row.UNAVAILABLE, false));
    faults.add(ambiguous("answer cut off mid-body", (v, c) -> Fault.cutOffBody(), Row.PROTOCOL, false));
    faults.add(new MatrixFault("no answer, request never sent",
        new ConnectionFault(FaultySockets.Failure.NEVER_ESTABLISHED), CALLS, Row.UNREACHABLE, Row.UNREACHABLE,
        true));
    faults.add(ambiguous("no answer, request sent", (v, c) -> Fault.noAnswer(), Row.UNAVAILABLE, true));
    faults.add(ambiguous("malformed JSON", (v, c) -> Fault.malformedJson(), Row.PROTOCOL, false));
    faults.add(ambiguous("HTML error page (502)", (v, c) -> Fault.htmlPage(502), Row.UNAVAILABLE, false));
    faults.add(ambiguous("empty body", (v, c) -> Fault.emptyBody(), Row.PROTOCOL, false));
    faults.add(ambiguous("JSON of the wrong shape", (v, c) -> Fault.wrongShape(), Row.PROTOCOL, false));
    // Kling's resellers put a Kling code in the envelope; apimodels puts an HTTP-like one there.
    // A 2xx says the request was handled: an error inside it proves nothing about a task.
    faults.add(ambiguous("200 with an error envelope (out of credit)",
        (v, c) -> Fault.errorIn200(v.equals("apimodels") ? 402 : 1102), Row.OUT_OF_CREDIT, false));
    faults.add(ambiguous("200 with an error envelope (Kling 5000)", (v, c) -> Fault.errorIn200(
        v.equals("apimodels") ? 500 : 5000), Row.UNAVAILABLE, false));
    // A redirect to a paid call may point at the task it created.
    faults.add(ambiguous("redirect", (v, c) -> Fault.redirect(), Row.PROTOCOL, false));
    // The relays' error bodies: a word in the code decides over the status it comes with.
    faults.add(plain("relay: HTTP 403 quota_not_enough", (v, c) -> Fault.quotaNotEnough(), Row.OUT_OF_CREDIT));
    faults.add(plain("HTTP 500 invalid_request", (v, c) -> Fault.invalidRequestAs500(), Row.INVALID_REQUEST));
    faults.add(task("unknown status word",
        TaskScript.succeeds().reportingWhileRunning("rendering"), Row.STILL_RUNNING));
    faults.add(task("task never ends", TaskScript.neverEnds(), Row.NEVER_ENDS));
    faults.add(task("task goes back from processing to submitted",
        TaskScript.succeeds().afterPolls(3).goingBack(), Row.STILL_RUNNING));
    faults.add(new MatrixFault("session expired",
        new SimulatorFault((v, c) -> Fault.sessionExpired()), List.of(Phase.SUBMIT),
        Row.SESSION_EXPIRED, Row.SESSION_EXPIRED, false));
    faults.add(callback("callback duplicated", CallbackFault.DUPLICATED));
    faults.add(callback("forged success while the task runs", CallbackFault.FORGED));
    faults.add(callback("callbacks out of order", CallbackFault.OUT_OF_ORDER));
    faults.add(callback("callback for an unknown task", CallbackFault.UNKNOWN_TASK));
    faults.add(callback("malformed callback", CallbackFault.MALFORMED));
    faults.add(callback("oversized callback (1 MiB)", CallbackFault.OVERSIZED));
    faults.add(download("result URL in a private network (https://10.0.0.1/...)", DownloadFault.PRIVATE_ADDRESS));
    faults.add(download("result URL whose name resolves into a private network", DownloadFault.PRIVATE_NAME));
    faults.add(download("result URL over plain http to evil.localhost", DownloadFault.LOOKALIKE_LOOPBACK));
    faults.add(download("redirect to another port of the same host", DownloadFault.OTHER_PORT));
    faults.add(download("redirect to another host", DownloadFault.OTHER_HOST));
    faults.add(download("an HTML page instead of the video", DownloadFault.NOT_A_VIDEO));
    faults.add(download("a video larger than the cap", DownloadFault.TOO_LARGE));
    faults.add(download("redirect on the same scheme, host and port", DownloadFault.SAME_PLACE));
    return faults;
  }

  /** Kling's business codes, each with the HTTP status the vendor reference gives it. */
  private static void klingCodes(List<MatrixFault> faults) {
    for (int code = 1000; code <= 1004; code++) {
      faults.add(kling(401, code, Row.AUTHENTICATION));
    }
    for (int code = 1100; code <= 1102; code++) {
      faults.add(kling(429, code, Row.OUT_OF_CREDIT));
    }
    faults.add(kling(403, 1103, Row.AUTHENTICATION));
    faults.add(kling(400, 1200, Row.INVALID_REQUEST));
    faults.add(kling(400, 1201, Row.INVALID_REQUEST));
    faults.add(kling(404, 1202, Row.NOT_FOUND));
    faults.add(kling(404, 1203, Row.NOT_FOUND));
    faults.add(kling(400, 1300, Row.CONTENT_REJECTED));
    faults.add(kling(400, 1301, Row.CONTENT_REJECTED));
    faults.add(kling(429, 1302, Row.RATE_LIMITED));
    faults.add(kling(429, 1303, Row.TOO_MANY_TASKS));
    faults.add(kling(429, 1304, Row.AUTHENTICATION));
    // Kling's outage codes are the vendor's own, but not a refusal: the task may exist.
    for (int[] outage : new int[][] {{500, 5000}, {503, 5001}, {504, 5002}}) {
      faults.add(ambiguous("Kling " + outage[1] + " (HTTP " + outage[0] + ")",
          (v, c) -> Fault.businessCode(outage[0], outage[1]), Row.UNAVAILABLE, false));
    }
  }

  private static MatrixFault kling(int status, int code, Row row) {
    return plain("Kling " + code + " (HTTP " + status + ")", (v, c) -> Fault.businessCode(status, code), row);
  }

  /**
   * The vendor's refusal: it means the same in every phase, and says that the vendor created nothing,
   * so it is not sent after a task was created (a vendor that did would be lying, and no client could
   * tell).
   */
  private static MatrixFault plain(String name, BiFunction<String, ManualScheduler, Fault> fault, Row row) {
    return new MatrixFault(name, new SimulatorFault(fault), ANSWERS, row, row, false);
  }

  /**
   * A fault after which a submit's outcome is unknown, whether it struck before or after the vendor
   * created the task; elsewhere it belongs to {@code row}.
   */
  private static MatrixFault ambiguous(
      String name, BiFunction<String, ManualScheduler, Fault> fault, Row row, boolean waitsForTimeout) {
    return new MatrixFault(
        name, new SimulatorFault(fault), ANSWERS, row, Row.SUBMIT_OUTCOME_UNKNOWN, waitsForTimeout);
  }

  /** An answer without the vendor's error format, as a proxy in front of it sends. */
  private static mockwebserver3.MockResponse bare(int status, String body) {
    return new mockwebserver3.MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", body.isEmpty() ? "text/plain" : "application/json")
        .body(body)
        .build();
  }

  /**
   * A task that behaves oddly. It applies to the status phase, and to identification where a vendor
   * runs that as a task too (apimodels: see {@link #appliesTo}).
   */
  private static MatrixFault task(String name, TaskScript script, Row row) {
    return new MatrixFault(name, new Script(script), List.of(Phase.IDENTIFY, Phase.STATUS), row, row, false);
  }

  private static MatrixFault download(String name, DownloadFault fault) {
    return new MatrixFault(name, new Download(fault), List.of(Phase.DOWNLOAD), Row.DOWNLOAD, Row.DOWNLOAD, false);
  }

  private static MatrixFault callback(String name, CallbackFault fault) {
    return new MatrixFault(name, new Callbacks(fault), List.of(Phase.CALLBACK), Row.CALLBACK, Row.CALLBACK, false);
  }

  /**
   * Whether the fault applies to {@code phase} at {@code vendor}: callbacks only where the vendor sends
   * them, and a task's behaviour in identification only at apimodels, the one vendor that runs
   * identification as a task (the others answer it at once).
   */
  boolean appliesTo(String vendor, Phase phase, boolean sendsCallbacks) {
    if (!phases.contains(phase) || phase == Phase.CREATED && isRefusal()) {
      return false;
    }
    if (phase == Phase.CALLBACK) {
      return sendsCallbacks;
    }
    return !(injection instanceof Script) || phase != Phase.IDENTIFY || vendor.equals("apimodels");
  }

  /** The failure table's row for this fault in {@code phase}. */
  Row rowIn(Phase phase) {
    return phase.isSubmit() ? submitRow : row;
  }

  /** Whether the fault is the vendor's refusal of a submit: its word that it created no task. */
  boolean isRefusal() {
    return phases.contains(Phase.CREATED) && submitRow != Row.SUBMIT_OUTCOME_UNKNOWN;
  }

  private static String httpDate(ManualScheduler clock, Duration fromNow) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.now().plus(fromNow).atZone(ZoneOffset.UTC));
  }
}

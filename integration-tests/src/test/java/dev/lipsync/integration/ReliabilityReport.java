package dev.lipsync.integration;

import dev.lipsync.integration.MatrixFault.Phase;
import dev.lipsync.integration.MatrixFault.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The fault matrix's results, and {@code docs/RELIABILITY.md} made from them: the table of observed
 * outcomes, how the next vendor found the job's face after failover, and the four totals that must be
 * zero. Only what the run observed goes in, and nothing
 * that changes from run to run (no times), so regenerating an unchanged library changes nothing.
 * Thread-safe.
 */
final class ReliabilityReport {
  /** The command that regenerates the committed report, from the project's root. */
  static final String COMMAND = "mvn -B -q verify -pl integration-tests -am -Dtest=FaultMatrixTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dlipsync.reliability.report=docs/RELIABILITY.md";

  /** How the next vendor found the job's face: by its times (or id, or as the only face). */
  static final String EXACTLY = "exactly";
  /** How the next vendor found the job's face: by its picture, matched here or sent to the vendor. */
  static final String BY_PICTURE = "by picture";
  /** The next vendor could not find the job's face surely enough to pay for it. */
  static final String REFUSED = "refused";

  /**
   * One cell's result.
   *
   * @param vendor the faulty vendor
   * @param phase where the fault struck
   * @param fault the fault's name
   * @param expected the outcome the failure table prescribes
   * @param observed the outcome seen
   * @param paidSubmits the tasks the simulators created for the job
   * @param duplicates paid submits beyond the one a job may pay for
   * @param unaccounted tasks created whose ref is neither in the result nor in the exception
   * @param unexpected exceptions seen that are not the library's typed errors
   * @param callbacksConfirmed 1 if a callback saying the task ended was believed only once a status
   *     call confirmed it
   * @param forgeriesRefused 1 if a callback saying the task ended was contradicted by a status call,
   *     and so changed nothing
   * @param faceAtNext where the job reached the next vendor, how that vendor found the job's face
   *     ({@link #EXACTLY}, {@link #BY_PICTURE}, {@link #REFUSED}, or what else it did); null where the
   *     job did not reach it
   * @param wrongPersonSubmits submits (and alad tasks) naming another person than the job's
   */
  record Cell(
      String vendor,
      Phase phase,
      String fault,
      String expected,
      String observed,
      int paidSubmits,
      int duplicates,
      int unaccounted,
      int unexpected,
      int callbacksConfirmed,
      int forgeriesRefused,
      String faceAtNext,
      int wrongPersonSubmits) {

    boolean asExpected() {
      return expected.equals(observed);
    }
  }

  private final List<Cell> cells = new ArrayList<>();

  synchronized void add(Cell cell) {
    cells.add(Objects.requireNonNull(cell, "cell == null"));
  }

  synchronized List<Cell> cells() {
    return List.copyOf(cells);
  }

  int total(ToIntFunction<Cell> count) {
    return cells().stream().mapToInt(count).sum();
  }

  /** The report in Markdown: faults in {@code faults} order, vendors in {@code vendors} order. */
  String render(List<MatrixFault> faults, List<String> vendors) {
    List<Cell> all = cells();
    StringBuilder md = new StringBuilder();
    md.append(INTRO.replace("{command}", COMMAND));
    md.append(RULES_INTRO);
    md.append("\n| failure | identify (no task yet) | submit (the paid call) | status (a task exists) |\n");
    md.append("|---|---|---|---|\n");
    for (Map.Entry<Row, String> rule : RULES.entrySet()) {
      md.append("| ").append(rule.getValue()).append(" |");
      for (Phase phase : List.of(Phase.IDENTIFY, Phase.SUBMIT, Phase.STATUS)) {
        md.append(' ').append(rule(rule.getKey(), phase)).append(" |");
      }
      md.append('\n');
    }
    md.append("\n## Outcomes\n\n");
    for (Map.Entry<String, String> entry : Expected.LEGEND.entrySet()) {
      md.append("- `").append(entry.getKey()).append("`: ").append(entry.getValue()).append('\n');
    }
    md.append("\nA cell whose outcome differs from the table's would read `✗ observed (table: expected)`.\n");
    for (Phase phase : Phase.values()) {
      md.append("\n## ").append(title(phase)).append("\n\n| fault |");
      vendors.forEach(v -> md.append(' ').append(v).append(" |"));
      md.append("\n|---|");
      vendors.forEach(v -> md.append("---|"));
      md.append('\n');
      for (MatrixFault fault : faults) {
        if (!fault.phases().contains(phase)) {
          continue;
        }
        md.append("| ").append(fault.name()).append(" |");
        for (String vendor : vendors) {
          md.append(' ').append(cellText(all, vendor, phase, fault)).append(" |");
        }
        md.append('\n');
      }
    }
    faces(md, all, vendors);
    md.append("\n## Totals\n\n| | |\n|---|---|\n");
    row(md, "cells run", all.size());
    row(md, "cells whose outcome differs from the failure table", (int) all.stream().filter(c -> !c.asExpected()).count());
    row(md, "paid submits (tasks the simulators created)", total(Cell::paidSubmits));
    row(md, "**duplicate paid submits**", total(Cell::duplicates));
    row(md, "**tasks created whose ref is in neither the result nor the exception**", total(Cell::unaccounted));
    row(md, "**unexpected exception types**", total(Cell::unexpected));
    row(md, "**wrong-person submits**", total(Cell::wrongPersonSubmits));
    md.append("| failover cells (the next vendor reached): its face chosen exactly / by picture / refused | ")
        .append(facesAtNext(all, EXACTLY)).append(" / ").append(facesAtNext(all, BY_PICTURE)).append(" / ")
        .append(facesAtNext(all, REFUSED)).append(" |\n");
    row(md, "cells in which a callback saying a task ended was believed only once a status call confirmed it",
        total(Cell::callbacksConfirmed));
    row(md, "cells in which a forged callback was refused (a status call contradicted it; it changed nothing)",
        total(Cell::forgeriesRefused));
    return md.toString();
  }

  /**
   * Writes the report to {@code file}, making its directory. The crash matrix's section that {@link
   * CrashRecoveryTest} wrote there is kept, at the end.
   */
  void write(Path file, List<MatrixFault> faults, List<String> vendors) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (directory != null) {
        Files.createDirectories(directory);
      }
      String page = render(faults, vendors);
      String crashes = Files.exists(file) ? CrashMatrix.sectionOf(Files.readString(file, StandardCharsets.UTF_8)) : "";
      Files.writeString(file, crashes.isEmpty() ? page : CrashMatrix.splice(page, crashes), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /**
   * The section on faces after failover: for each first vendor, the cells in which the job reached the
   * next vendor, and how that vendor found the job's face.
   */
  private static void faces(StringBuilder md, List<Cell> all, List<String> vendors) {
    md.append(FACES_INTRO);
    md.append("\n| faulty vendor | next vendor | the job names ben | failover cells | exactly | by picture | refused |"
        + " other |\n|---|---|---|---|---|---|---|---|\n");
    for (String vendor : vendors) {
      List<Cell> here = all.stream().filter(c -> c.vendor().equals(vendor)).toList();
      String next = vendor.equals("cometapi") ? "apimodels" : "cometapi";
      String named = vendor.equals("cometapi") ? "`nthByAppearance(2)`" : "`lookingLike(cometapi's picture of ben)`";
      facesRow(md, vendor, next, named, here);
    }
    facesRow(md, "all", "", "", all);
  }

  private static void facesRow(StringBuilder md, String vendor, String next, String named, List<Cell> cells) {
    long reached = cells.stream().filter(c -> c.faceAtNext() != null).count();
    int known = facesAtNext(cells, EXACTLY) + facesAtNext(cells, BY_PICTURE) + facesAtNext(cells, REFUSED);
    md.append("| ").append(vendor).append(" | ").append(next).append(" | ").append(named).append(" | ")
        .append(reached).append(" | ").append(facesAtNext(cells, EXACTLY)).append(" | ")
        .append(facesAtNext(cells, BY_PICTURE)).append(" | ").append(facesAtNext(cells, REFUSED)).append(" | ")
        .append(reached - known).append(" |\n");
  }

  private static int facesAtNext(List<Cell> cells, String how) {
    return (int) cells.stream().filter(c -> how.equals(c.faceAtNext())).count();
  }

  private static String rule(Row row, Phase phase) {
    try {
      return Expected.outcome(row, phase);
    } catch (IllegalArgumentException e) {
      return "—";
    }
  }

  private static String cellText(List<Cell> all, String vendor, Phase phase, MatrixFault fault) {
    return all.stream()
        .filter(c -> c.vendor().equals(vendor) && c.phase() == phase && c.fault().equals(fault.name()))
        .findFirst()
        .map(c -> c.asExpected() ? c.observed() : "✗ " + c.observed() + " (table: " + c.expected() + ")")
        .orElse(phase == Phase.CREATED && fault.isRefusal() ? Expected.REFUSAL : Expected.NOT_APPLICABLE);
  }

  private static String title(Phase phase) {
    return switch (phase) {
      case IDENTIFY -> "Identify: the fault strikes face identification";
      case SUBMIT -> "Submit: the fault strikes the paid create call before the vendor handled it";
      case CREATED -> "After create: the vendor created the paid task, then the fault took its answer's place";
      case STATUS -> "Status: the fault strikes the first status poll of the paid task, or the task itself";
      case CALLBACK -> "Callback: the fault is in what the vendor posts to the callback URL";
      case DOWNLOAD -> "Download: the vendor's result URL, or its answer to the download, leads ResultDownloader"
          + " elsewhere";
    };
  }

  private static void row(StringBuilder md, String name, int value) {
    md.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  /** The rows of the failure table as the matrix meets them, with what stands for each. */
  private static final Map<Row, String> RULES = rules();

  private static Map<Row, String> rules() {
    Map<Row, String> rules = new LinkedHashMap<>();
    rules.put(Row.RATE_LIMITED, "rate limited: 429 with the vendor's code, Kling 1302");
    rules.put(Row.TOO_MANY_TASKS, "too many tasks: Kling 1303, the account's tasks in flight at its plan's limit");
    rules.put(Row.UNAVAILABLE, "unavailable (for identify and status): 5xx, Kling 5000–5002, an HTML error"
        + " page, a reset, no answer, a gateway timeout (504, 524)");
    rules.put(Row.UNREACHABLE, "unavailable with nothing sent: a refused connection, a connection never"
        + " established (the next vendor at once, unless `retryUnreachable`)");
    rules.put(Row.AUTHENTICATION, "authentication: Kling 1000–1004, 1103, 1304");
    rules.put(Row.OUT_OF_CREDIT, "out of credit: Kling 1100–1102, the relays' 403 `quota_not_enough`; for"
        + " identify and status also an error envelope in a 200");
    rules.put(Row.INVALID_REQUEST, "invalid request: Kling 1200–1201");
    rules.put(Row.NOT_FOUND, "not found: Kling 1202–1203 (not in the table; treated like authentication)");
    rules.put(Row.CONTENT_REJECTED, "content rejected: Kling 1300–1301");
    rules.put(Row.PROTOCOL, "unreadable (for identify and status): a redirect, a malformed, empty, wrongly"
        + " shaped or cut-off answer");
    rules.put(Row.SUBMIT_OUTCOME_UNKNOWN, "submit outcome unknown: after the submit was sent, every answer"
        + " that is not the vendor's refusal: no answer, a reset, any 5xx or Kling 5000–5002, an HTML page,"
        + " a status without the vendor's code (a proxy's 429 or 502), a redirect, an error envelope in a 200,"
        + " a malformed, empty, wrongly shaped or cut-off 2xx answer");
    rules.put(Row.SESSION_EXPIRED, "session expired: the vendor refuses the submit's session");
    rules.put(Row.STILL_RUNNING, "an unknown status word; a task going back from processing to submitted"
        + " (identify: apimodels' identification task)");
    rules.put(Row.NEVER_ENDS, "a task that never ends (identify: apimodels' identification task)");
    return Collections.unmodifiableMap(rules);
  }

  private static final String FACES_INTRO = """

      ## Faces after failover

      Every simulator's video shows two people: ana, on screen from 0 to 4 s, and ben, from 2 to 9 s.
      CometAPI gives each face's times and a picture; apimodels gives a picture of each face but no
      times, alad neither, and both list ben first, so listing order would take ana for "the second to
      appear". The job names ben: where CometAPI comes first, as `FaceSelector.nthByAppearance(2)`
      (exact there, by his times); where apimodels or alad comes first, as
      `FaceSelector.lookingLike(...)` with CometAPI's picture of him. Its `faceMatch` is the default:
      faces found exactly or by picture. A failover cell is one in which the job reached the next
      vendor (called its API); how that vendor found ben is what the gateway said when it chose the
      face there (the precision closing its `IDENTIFIED` event, matching the result's `faceRules`), or
      `refused` when it could not find him surely enough to pay (`face refused` above: the fault
      struck CometAPI's identification, so no picture of ben was seen to match at apimodels). A job
      naming ben by his picture is found by picture at every vendor, CometAPI included. Outcomes of
      cells that never reached the next vendor are as the failure table says, ben found where the job
      ran. **Wrong-person submits** (in the totals) are checked in every cell, at every vendor that
      received a submit: CometAPI's and apimodels' submits must name ben's face id (`cometapi-ben`,
      `apimodels-ben`), alad's his picture, and every alad task must dub ben
      (`AladSimulator.personDubbed`).
      """;

  private static final String RULES_INTRO = """

      ## The failure table, as checked

      What each cell must show follows from the row of the gateway's failure table its fault belongs
      to, and from the phase: before the submit nothing is paid, so safe calls are repeated and other
      vendors may serve; the submit is paid, so it is repeated, here or elsewhere, only after the
      vendor's own refusal (its error format, with a code that means refused) or a connection that
      never opened, and any other answer, which may follow the task's creation, stops the job with
      its outcome unknown; once a task exists, the job never moves to another vendor. The submit
      column holds for the faults both before and after the vendor created the task.
      """;

  private static final String INTRO = """
      # Reliability

      What the gateway does when a vendor fails: every fault below, against each of the three vendors
      (through the `testkit` simulators), in every phase of a job where it can strike, checked against
      the gateway's failure table (below). This page is written by the run of `FaultMatrixTest`
      (`integration-tests`), which is part of the default `mvn -B verify`; to regenerate it, run from
      the project's root:

      ```
      {command}
      ```

      Without `-Dlipsync.reliability.report` the test writes the same page to
      `integration-tests/target/reliability/RELIABILITY.md` only. The last section, the
      [crash matrix](#crash-matrix) (processes killed while running jobs), is written by
      `CrashRecoveryTest`, and regenerating this page keeps it.

      ## How a cell runs

      Each cell is one generated test, named `vendor · phase · fault`. A job (naming ben, one of the
      two people in the video, as in [Faces after failover](#faces-after-failover); audio by URL, an
      idempotency key and a callback URL) runs through a gateway that has the faulty vendor first
      and a healthy second vendor (apimodels after cometapi; cometapi after the others), so that
      failover shows. The fault is injected once, where its phase begins: identify faults into the
      first identification, submit faults into the create call, status faults into the first status
      poll of the paid task; a task's behaviour (an unknown status word, a task that never ends or
      goes back) holds for every task the vendor makes; connection faults make the next connection
      of the vendor's client fail. Callback faults are posts to the gateway while the task runs (a
      forged success names another video); download faults make the vendor's result URL, or its
      answer to the download, lead `ResultDownloader` elsewhere once the job has finished. A
      submit's fault strikes twice, in two cells: before the vendor
      handled the request ("submit"), and after it created the paid task, its answer lost to the
      fault ("after create": the case in which paying twice is possible). Time runs on a
      manual clock that moves only while no HTTP call is in flight; only "no answer" cells wait for
      a real request timeout of 400 ms.

      The four totals are counted in every cell:

      - **duplicate paid submits**: tasks the simulators created for a job beyond the first (a job
        may pay for one task; failing over after a task failed is off by default);
      - **tasks created whose ref is in neither the result nor the exception**: a task counts as
        reported when the result or the exception names its ref, or when the job ended with
        `SubmitOutcomeUnknownException` naming its vendor and the job's idempotency key (the answer
        carrying the ref was lost, and that exception is how the loss is reported);
      - **unexpected exception types**: a job that failed with anything but the library's own typed
        errors (`LipSyncException` and its subclasses), or a callback that threw;
      - **wrong-person submits**: submits, at any vendor, naming another face than ben's, and alad
        tasks dubbing another person.

      Two more rows count the cells where a callback was weighed by a status call before anything
      was believed: confirmed, or (a forgery) contradicted and refused.
      """;
}

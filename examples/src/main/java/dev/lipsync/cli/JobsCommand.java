package dev.lipsync.cli;

import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStoreException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lipsync jobs}: the jobs the store holds, newest first. */
@Command(
    name = "jobs",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = "Lists the jobs in the job store, newest first: key, state, vendor, task, age and, for a"
        + " failed job, what failed. Nothing is sent to any vendor.")
final class JobsCommand implements Callable<Integer> {
  private final Invocation io;

  @Option(names = "--limit", paramLabel = "N", description = "List the N newest jobs. Default: 20.")
  private int limit = 20;

  @Mixin
  private StoreOption store = new StoreOption();

  @Option(names = "--json", description = "Print one JSON array on standard output, nothing else.")
  private boolean json;

  JobsCommand(Invocation io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      return LipSyncCommand.fail(io, "jobs", new InputError("--limit " + limit + ": must be at least 1"), true);
    }
    try (StoreSetup jobs = store.open(io)) {
      List<JobRecord> recent = jobs.store().recent(limit);
      io.out().print(json ? JsonReport.jobs(recent) + "\n"
          : TextReport.jobs(recent, jobs.description(), io.clock().instant()));
      io.out().flush();
      return ExitCodes.SUCCEEDED;
    } catch (InputError e) {
      return LipSyncCommand.fail(io, "jobs", e, true);
    } catch (JobStoreException e) {
      // Opened, then unreadable: the store's message names what it could not do.
      io.err().println("lipsync jobs: " + e.getMessage());
      io.err().flush();
      return ExitCodes.OTHER;
    }
  }
}

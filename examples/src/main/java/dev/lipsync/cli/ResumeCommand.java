package dev.lipsync.cli;

import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lipsync resume [KEY]}: takes up a job that a {@code run} left unfinished (killed, or stopped by
 * a signal), or every such job, and waits for it as {@code run} does. A job whose task was paid for is
 * tracked, never submitted again; a submit whose answer was never read ends outcome unknown with its
 * key; a job short of its submit goes on.
 */
@Command(
    name = "resume",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = "Takes up the unfinished job KEY from the job store, or every unfinished job, and waits"
        + " for it as `run` does. A paid task is tracked and never submitted again. A job that another"
        + " lipsync process holds (running it, or killed less than 30 s ago) is not taken.")
final class ResumeCommand implements Callable<Integer> {
  private final Invocation io;

  @Parameters(arity = "0..1", paramLabel = "KEY", description = "The job's idempotency key. Default: every"
      + " unfinished job whose process is gone.")
  private @Nullable String key;

  @Mixin
  private StoreOption store = new StoreOption();

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Wait this long before the first status poll (e.g. 10s). Default: the library's schedule.")
  private @Nullable Duration pollInterval;

  @Option(names = "--json", description = "Print run's JSON object (an array of them without KEY), nothing else.")
  private boolean json;

  ResumeCommand(Invocation io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PollSchedule polls = pollInterval == null ? PollSchedule.defaults() : PollSchedule.defaults().withFirstDelay(pollInterval);
    try (SystemScheduler scheduler = new SystemScheduler(); StoreSetup jobs = store.open(io)) {
      if (jobs.store() instanceof InMemoryJobStore) {
        throw new InputError("--store none: resume takes jobs up from a store that outlives the command");
      }
      GatewaySetup setup = GatewaySetup.of(io.env(), List.of(), "--store", null, polls, scheduler, null);
      try (LipSyncGateway gateway = setup.gateway(scheduler, new SimpleMeterRegistry(), polls,
          b -> b.jobStore(jobs.store()).recoverJobs(false))) {
        return key != null ? resumeOne(gateway, jobs, key) : resumeAll(gateway);
      }
    } catch (InputError e) {
      return LipSyncCommand.fail(io, "resume", e, true);
    } catch (JobStoreException e) {
      io.err().println("lipsync resume: " + e.getMessage());
      io.err().flush();
      return ExitCodes.OTHER;
    }
  }

  private int resumeOne(LipSyncGateway gateway, StoreSetup jobs, String key) {
    JobHandle handle = takeUp(gateway, key, "KEY " + key).orElseThrow(() -> new InputError(
        "KEY " + key + ": the job store (" + jobs.description() + ") holds no such job"));
    if (!handle.result().isDone()) {
      say("resuming " + key + " (" + describe(handle) + ")");
    }
    RunReport report = RunReport.awaited(handle);
    print(List.of(report), false);
    return report.exitCode();
  }

  /**
   * The store's job {@code key} as a command answers it: taken over if no process holds its lease, or,
   * if it ended, shown as it ended.
   *
   * @param named what named the key, for messages: {@code KEY k}, {@code --idempotency-key k}
   * @return empty if the store holds no such job
   * @throws InputError if another process holds its lease: taken from a live process, the job would be
   *     carried twice, and a killed one's lease runs out within 30 s
   */
  static Optional<JobHandle> takeUp(LipSyncGateway gateway, String key, String named) {
    Optional<JobHandle> taken = gateway.takeOverJob(key);
    if (taken.isPresent()) {
      return taken;
    }
    Optional<JobHandle> held = gateway.job(key);
    if (held.isPresent() && !held.get().result().isDone()) {
      throw new InputError(named + ": the job is leased to another lipsync process, which is running it, or was"
          + " killed less than a lease (30 s) ago; resume it once that process has ended");
    }
    return held;
  }

  private int resumeAll(LipSyncGateway gateway) {
    List<JobHandle> taken = gateway.takeOverJobs();
    if (taken.isEmpty()) {
      say("no unfinished job to resume");
    }
    for (JobHandle handle : taken) {
      say("resuming " + handle.idempotencyKey() + " (" + describe(handle) + ")");
    }
    List<RunReport> reports = new ArrayList<>();
    for (JobHandle handle : taken) {
      reports.add(RunReport.awaited(handle));
    }
    print(reports, true);
    return reports.stream().allMatch(report -> report.exitCode() == ExitCodes.SUCCEEDED)
        ? ExitCodes.SUCCEEDED
        : reports.stream().mapToInt(RunReport::exitCode).filter(code -> code != ExitCodes.SUCCEEDED).findFirst()
            .orElse(ExitCodes.OTHER);
  }

  private static String describe(JobHandle handle) {
    return handle.state() + handle.taskRef().map(ref -> ", task " + ref).orElse("");
  }

  /** Progress goes to standard error, so that standard output holds the reports alone. */
  private void say(String line) {
    io.err().println(line);
    io.err().flush();
  }

  private void print(List<RunReport> reports, boolean several) {
    if (json) {
      io.out().println(several ? JsonReport.runs(reports) : JsonReport.run(reports.get(0)));
    } else {
      reports.forEach(report -> io.out().print(TextReport.run(report, null)));
    }
    io.out().flush();
  }
}

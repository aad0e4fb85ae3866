package dev.lipsync.cli;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lipsync status}: where a task stands, asked once of its vendor. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Asks a task's vendor once where the task stands. Exits 0 when the vendor answered,"
        + " whatever the task's state; 3 when it did not (e.g. it does not know the task).")
final class StatusCommand implements Callable<Integer> {
  private final Invocation io;

  @Parameters(paramLabel = "TASK_REF", description = "The task, as `run` prints it: vendor:taskId.")
  private String ref;

  @Option(names = "--json", description = "Print one JSON object on standard output, nothing else.")
  private boolean json;

  StatusCommand(Invocation io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      TaskRef task = parse(ref);
      TaskSnapshot snapshot = GatewaySetup.ask(
          io.env(), List.of(task.vendor()), "TASK_REF " + ref + ", vendor", gateway -> gateway.status(task));
      io.out().print(json ? JsonReport.status(snapshot) + "\n" : TextReport.status(snapshot));
      return ExitCodes.SUCCEEDED;
    } catch (InputError e) {
      return LipSyncCommand.fail(io, "status", e, true);
    } catch (CompletionException e) {
      return LipSyncCommand.fail(io, "status", LipSyncException.causeOf(e), false);
    }
  }

  private static TaskRef parse(String ref) {
    try {
      return TaskRef.parse(ref.strip());
    } catch (IllegalArgumentException e) {
      throw new InputError("TASK_REF: " + e.getMessage());
    }
  }
}

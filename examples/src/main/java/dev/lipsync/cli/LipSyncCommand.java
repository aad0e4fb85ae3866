package dev.lipsync.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lipsync}: the command line of the library. {@code run} takes a job to the finished video and
 * keeps it in a job store, {@code jobs} lists that store, {@code resume} takes up what a killed run
 * left there, {@code faces} lists a video's faces, {@code
 * status} looks a task up, and {@code demo} shows it all on the in-process simulators. Vendors are
 * configured from the environment ({@code COMETAPI_KEY}, ...), the store by {@code --store} or {@code
 * LIPSYNC_STORE}.
 */
@Command(
    name = "lipsync",
    mixinStandardHelpOptions = true,
    version = "lipsync 0.1.0",
    description = "Lip-sync videos through cometapi, apimodels, alad or kling with one command line. Configure"
        + " vendors with COMETAPI_KEY, APIMODELS_KEY, ALAD_KEY, KLING_ACCESS_KEY with KLING_SECRET_KEY"
        + " (and optionally *_BASE_URL); `lipsync demo`"
        + " needs none. `run` keeps each job in a job store, which `lipsync jobs` lists and from which"
        + " `lipsync resume` takes up what a killed run left: ~/.lipsync/jobs.db,"
        + " or what --store or LIPSYNC_STORE names (a SQLite file, a jdbc:postgresql:// URL with"
        + " LIPSYNC_STORE_USER and LIPSYNC_STORE_PASSWORD, or none).")
public final class LipSyncCommand implements Callable<Integer> {
  /** The subcommands' names, in the order the usage lists them; each made by {@link #subcommand}. */
  private static final List<String> SUBCOMMANDS = List.of("demo", "faces", "jobs", "resume", "run", "status");

  private final Invocation io;

  @Spec
  private CommandSpec spec;

  private LipSyncCommand(Invocation io) {
    this.io = io;
  }

  /**
   * Runs the command and exits with its exit code. The process's own streams are replaced by the
   * masking ones first, before any logger exists, so that the library's log lines (slf4j-simple writes
   * to {@code System.err}) and any stack trace pass through the same masking as the command's output.
   */
  public static void main(String[] args) {
    Invocation io = Invocation.system().masking(GatewaySetup.secrets(System.getenv()));
    System.setOut(io.out());
    System.setErr(io.err());
    System.exit(executeMasked(io, args));
  }

  /** Runs the command line {@code args} with {@code io}; returns the exit code. */
  static int execute(Invocation raw, String... args) {
    return executeMasked(raw.masking(GatewaySetup.secrets(raw.env())), args);
  }

  private static int executeMasked(Invocation io, String... args) {
    CommandLine cli = new CommandLine(new LipSyncCommand(io));
    // Picocli reads every subcommand's options by reflection when it is added, and run's are many: a
    // command line that names its subcommand first is parsed by that one alone, so only that one is
    // added (for `lipsync status REF`, 2.40 → 2.32 s of CPU in benchmarks' cli harness: small, and
    // within the noise of its wall-clock figures). Anything else (no subcommand, --help, --version, an
    // unknown or misspelt one) gets them all, for the usage
    // and the suggestions.
    if (args.length > 0 && SUBCOMMANDS.contains(args[0])) {
      cli.addSubcommand(subcommand(args[0], io));
    } else {
      for (String name : SUBCOMMANDS) {
        cli.addSubcommand(subcommand(name, io));
      }
    }
    // An argument is what it says: "@file" is never opened and read (it could be a FIFO or /dev/zero).
    cli.setExpandAtFiles(false)
        .setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8))
        .setParameterExceptionHandler((e, arguments) -> {
          CommandLine command = e.getCommandLine();
          if (command.getCommand() instanceof RunCommand && asksForJson(arguments)) {
            // run --json prints its one JSON object whatever the outcome, a usage error included.
            io.out().println(JsonReport.run(RunReport.refused(new InputError(e.getMessage()))));
            io.out().flush();
          }
          command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
          command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.INVALID_INPUT;
        })
        .setExecutionExceptionHandler((e, command, parsed) -> {
          if (e instanceof InputError) {
            return fail(io, command.getCommandName(), e, true);
          }
          command.getErr().println(command.getCommandSpec().qualifiedName() + ": unexpected error: " + e);
          return ExitCodes.OTHER;
        });
    return cli.execute(args);
  }

  /** The subcommand {@code name} of {@link #SUBCOMMANDS}; a switch, not a map of lambdas, which cost classes at start. */
  static Object subcommand(String name, Invocation io) {
    return switch (name) {
      case "demo" -> new DemoCommand(io);
      case "faces" -> new FacesCommand(io);
      case "jobs" -> new JobsCommand(io);
      case "resume" -> new ResumeCommand(io);
      case "run" -> new RunCommand(io);
      case "status" -> new StatusCommand(io);
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /** Whether {@code --json} is among the options (before a {@code --} that ends them). */
  private static boolean asksForJson(String[] arguments) {
    for (String argument : arguments) {
      if (argument.equals("--")) {
        return false;
      }
      if (argument.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** Without a subcommand: the usage, as an input error. */
  @Override
  public Integer call() {
    io.err().println("lipsync: a command is required");
    spec.commandLine().usage(io.err());
    return ExitCodes.INVALID_INPUT;
  }

  /**
   * Tells of {@code error} on standard error and returns its exit code.
   *
   * @param command the subcommand, for the message
   * @param nothingSent whether the command failed before anything was sent
   */
  static int fail(Invocation io, String command, Throwable error, boolean nothingSent) {
    io.err().println("lipsync " + command + ": " + (error instanceof InputError ? error.getMessage() : RunReport.failure(error).message()));
    io.err().flush();
    return error instanceof InputError ? ExitCodes.INVALID_INPUT : RunReport.exitCode(error, nothingSent);
  }
}

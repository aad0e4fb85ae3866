package dev.lipsync.cli;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.VideoSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lipsync faces}: the faces of a video, numbered as {@code run --face} counts them. */
@Command(
    name = "faces",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = "Lists the faces in a video in order of appearance, numbered as `run --face N` counts them.")
final class FacesCommand implements Callable<Integer> {
  private final Invocation io;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private RunCommand.VideoOptions video;

  @Option(names = "--vendor", paramLabel = "NAME",
      description = "The vendor to ask (cometapi, apimodels, alad, kling). Default: the first configured that takes the video.")
  private @Nullable String vendor;

  @Option(names = "--json", description = "Print one JSON object on standard output, nothing else.")
  private boolean json;

  FacesCommand(Invocation io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      VideoSource source = video.source();
      FaceSession session = GatewaySetup.ask(
          io.env(), vendor == null ? List.of() : List.of(vendor), "--vendor", gateway -> gateway.identify(source));
      io.out().print(json ? JsonReport.faces(session) + "\n" : TextReport.faces(session));
      return ExitCodes.SUCCEEDED;
    } catch (InputError | InvalidRequestException e) {
      return LipSyncCommand.fail(io, "faces", e, true);
    } catch (CompletionException e) {
      Throwable cause = LipSyncException.causeOf(e);
      // No vendor taking the video is found out before anything is sent.
      return LipSyncCommand.fail(io, "faces", cause, cause instanceof NotSupportedException);
    }
  }
}

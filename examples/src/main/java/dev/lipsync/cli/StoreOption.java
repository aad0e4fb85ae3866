package dev.lipsync.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --store}, as {@code run}, {@code jobs} and {@code resume} take it: see {@link StoreSetup}. */
final class StoreOption {
  @Option(names = "--store", paramLabel = "PATH|URL|none",
      description = "The job store: a SQLite file (or directory), a jdbc:postgresql:// URL, or none."
          + " Default: $LIPSYNC_STORE, else ~/.lipsync/jobs.db.")
  private @Nullable String store;

  /**
   * The store it names, open.
   *
   * @throws InputError if it names no store, or the store cannot be opened
   */
  StoreSetup open(Invocation io) {
    return StoreSetup.open(io.env(), store);
  }
}

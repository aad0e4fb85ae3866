package dev.lipsync.cli;

import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.store.jdbc.JdbcJobStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The job store {@code run} and {@code jobs} work on, from {@code --store}, else {@value #STORE}, else
 * the SQLite file {@code ~/.lipsync/jobs.db}:
 *
 * <ul>
 *   <li>a path: a SQLite file, or {@code jobs.db} in it when it is a directory;
 *   <li>{@code jdbc:postgresql://host:port/database}: PostgreSQL, as {@value #USER} with {@value
 *       #PASSWORD};
 *   <li>{@code none}: memory only, nothing is kept.
 * </ul>
 *
 * <p>Open, it holds the store until {@link #close()}. A value that names no store, or a store that cannot
 * be opened, is an {@link InputError} naming where the value came from: nothing was sent yet.
 */
final class StoreSetup implements AutoCloseable {
  static final String STORE = "LIPSYNC_STORE";
  static final String USER = "LIPSYNC_STORE_USER";
  static final String PASSWORD = "LIPSYNC_STORE_PASSWORD";
  private static final String NONE = "none";
  private static final String HOW =
      "give a SQLite file or directory, a jdbc:postgresql://host:port/database URL, or none";

  /** Where jobs are kept, decided before anything is opened. */
  sealed interface Location {
    /** The store for people to read; never a password. */
    String description();
  }

  /** A SQLite file. */
  record SqliteFile(Path file) implements Location {
    @Override
    public String description() {
      return "SQLite file " + file.toAbsolutePath();
    }
  }

  /** A PostgreSQL database. */
  record Postgres(String url, String user, String password) implements Location {
    @Override
    public String description() {
      return "PostgreSQL database " + withoutQuery(url);
    }

    /** Without the password, unlike a record's own. */
    @Override
    public String toString() {
      return "Postgres[" + withoutQuery(url) + ", user " + user + "]";
    }
  }

  /** Memory only: nothing outlives the command. */
  record Memory() implements Location {
    @Override
    public String description() {
      return "none: nothing is kept";
    }
  }

  private final JobStore store;
  private final Location location;

  private StoreSetup(JobStore store, Location location) {
    this.store = store;
    this.location = location;
  }

  /**
   * Opens the store {@code option} ({@code --store}, or null) or the environment names.
   *
   * @throws InputError if the value names no store, or the store cannot be opened
   */
  static StoreSetup open(Map<String, String> env, @Nullable String option) {
    String origin = origin(env, option);
    Location location = locate(env, option, () -> System.getProperty("user.home"));
    try {
      JobStore store;
      if (location instanceof SqliteFile sqlite) {
        store = JdbcJobStore.sqlite(sqlite.file());
      } else if (location instanceof Postgres postgres) {
        store = JdbcJobStore.postgres(postgres.url(), postgres.user(), postgres.password());
      } else {
        store = new InMemoryJobStore();
      }
      return new StoreSetup(store, location);
    } catch (JobStoreException | IllegalArgumentException e) {
      throw new InputError(origin + ": " + e.getMessage());
    }
  }

  /**
   * Where {@code option}, else {@code env}, says jobs are kept; without either, {@code .lipsync/jobs.db}
   * in the home folder ({@code HOME}, else {@code userHome}).
   *
   * @throws InputError if the value names no store, or a PostgreSQL store has no user
   */
  static Location locate(Map<String, String> env, @Nullable String option, Supplier<@Nullable String> userHome) {
    String origin = origin(env, option);
    String value = option != null ? option : env.get(STORE);
    if (option == null && isBlank(value)) {
      String home = isBlank(env.get("HOME")) ? userHome.get() : env.get("HOME");
      if (isBlank(home)) {
        throw new InputError("no home folder to keep jobs in: set HOME, or name a store with --store or " + STORE);
      }
      return new SqliteFile(Path.of(home.strip(), ".lipsync", "jobs.db"));
    }
    if (isBlank(value)) {
      throw new InputError(origin + ": must not be blank; " + HOW);
    }
    String named = value.strip();
    if (named.toLowerCase(Locale.ROOT).equals(NONE)) {
      return new Memory();
    }
    if (named.startsWith("jdbc:postgresql:")) {
      String user = env.get(USER);
      if (isBlank(user)) {
        throw new InputError(origin + ": a PostgreSQL store needs its user in " + USER + " (and password in "
            + PASSWORD + ")");
      }
      String password = env.get(PASSWORD);
      return new Postgres(named, user.strip(), password == null ? "" : password.strip());
    }
    // A URL of another kind is a mistake, not a file to create with that name.
    if (named.startsWith("jdbc:") || named.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new InputError(origin + ": not a store this command opens; " + HOW);
    }
    try {
      Path path = Path.of(named);
      return new SqliteFile(Files.isDirectory(path) ? path.resolve("jobs.db") : path);
    } catch (InvalidPathException e) {
      throw new InputError(origin + ": not a path (" + e.getReason() + "); " + HOW);
    }
  }

  /** What named the store, with the value as it may be shown, for messages. */
  private static String origin(Map<String, String> env, @Nullable String option) {
    if (option != null) {
      return isBlank(option) ? "--store" : "--store " + withoutQuery(option);
    }
    return isBlank(env.get(STORE)) ? "the default job store" : STORE + " " + withoutQuery(env.get(STORE));
  }

  /** A JDBC URL without its query, which may hold a password. */
  private static String withoutQuery(String value) {
    int query = value.indexOf('?');
    return value.startsWith("jdbc:") && query >= 0 ? value.substring(0, query) : value;
  }

  private static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  /** The store, open. */
  JobStore store() {
    return store;
  }

  /** Which store it is, for people; never a password. */
  String description() {
    return location.description();
  }

  /** Closes the store's connections, if it has any. */
  @Override
  public void close() {
    if (store instanceof JdbcJobStore jdbc) {
      jdbc.close();
    }
  }
}

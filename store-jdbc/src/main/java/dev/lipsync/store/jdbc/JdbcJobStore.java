package dev.lipsync.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.store.TaskDuration;
import dev.lipsync.store.json.JobJson;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobStore} in a database, through JDBC: jobs survive the process, and every instance pointed
 * at the same database sees the same jobs.
 *
 * <ul>
 *   <li>{@link #sqlite(Path)}: a file on this machine, the command's default. Several processes may use
 *       one file at once (SQLite locks it per write), and a write is on disk before it returns.
 *   <li>{@link #postgres(String, String, String)}: a PostgreSQL server, for several instances.
 *   <li>{@link #on(DataSource)}: the application's own pool, on either database.
 * </ul>
 *
 * <p>The tables are created, and migrated when a release changes them, on opening (Flyway, history in
 * {@code lipsync_schema_history}); a database that a newer release migrated further is refused. Each
 * change of a job is one statement: an insert that does nothing if the key is held, or an update
 * conditional on the version read, so exactly one writer wins. How long tasks took is kept in a table
 * of its own, {@code lipsync_task_duration}, read by every gateway on the database. Thread-safe; close
 * it to close its pool.
 */
public final class JdbcJobStore implements JobStore, AutoCloseable {
  /** What a change of a job writes, in the order {@link #setChanges} sets them. */
  private static final List<String> CHANGES = List.of("state", "ended", "vendor", "task_vendor", "task_id",
      "attempts", "failure", "failure_message", "result", "version", "updated_at");
  private static final String COLUMNS = "idempotency_key, job, created_at, " + String.join(", ", CHANGES);

  private final DataSource dataSource;
  private final @Nullable HikariDataSource ownPool;
  private final String description;
  /**
   * What a claim adds to lock the rows it takes: on PostgreSQL, rows another claim has locked are
   * skipped rather than waited for; SQLite runs one write at a time, so a claim is alone anyway.
   */
  private final String claimLock;

  private JdbcJobStore(DataSource dataSource, @Nullable HikariDataSource ownPool, String description) {
    this.dataSource = dataSource;
    this.ownPool = ownPool;
    this.description = description;
    try {
      // Known first, so that no other database is migrated.
      this.claimLock = isPostgres(dataSource) ? " FOR UPDATE SKIP LOCKED" : "";
      Schema.migrate(dataSource);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The store in the SQLite file {@code file}, created (with its folder, readable by this user only)
   * if missing.
   *
   * @throws JobStoreException if the file cannot be created or opened, or a newer release wrote it
   */
  public static JdbcJobStore sqlite(Path file) {
    Objects.requireNonNull(file, "file == null");
    Path absolute = file.toAbsolutePath();
    createPrivateFolder(absolute.getParent());
    HikariConfig config = pool("jdbc:sqlite:" + absolute);
    // Writes wait for one another rather than fail; a write is synced before it returns, since the
    // record it writes may be the only trace of a paid task.
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "FULL");
    config.addDataSourceProperty("busy_timeout", "10000");
    return open(config, "SQLite file " + absolute);
  }

  /**
   * The store in the PostgreSQL database at {@code jdbcUrl} ({@code jdbc:postgresql://host:5432/db}),
   * over a pool of its own.
   *
   * @throws JobStoreException if the database cannot be reached, or a newer release wrote it
   */
  public static JdbcJobStore postgres(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl: must start with jdbc:postgresql:");
    }
    HikariConfig config = pool(jdbcUrl);
    config.setUsername(Objects.requireNonNull(user, "user == null"));
    config.setPassword(Objects.requireNonNull(password, "password == null"));
    return open(config, "PostgreSQL database " + hostOf(jdbcUrl));
  }

  /**
   * The store in the database behind the application's {@code dataSource} (SQLite or PostgreSQL), whose
   * pool stays the application's: {@link #close()} leaves it open.
   *
   * @throws JobStoreException if the database cannot be reached, or a newer release wrote it
   */
  public static JdbcJobStore on(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    return new JdbcJobStore(dataSource, null, "the application's data source");
  }

  @Override
  public boolean insert(JobRecord record, Lease lease) {
    String job = JobJson.write(record.job());
    return update("write job " + record.idempotencyKey(),
        "INSERT INTO lipsync_job (" + COLUMNS + ", lease_owner, lease_until) VALUES (?, ?, ?"
            + ", ?".repeat(CHANGES.size()) + ", ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
        statement -> {
          statement.setString(1, record.idempotencyKey());
          statement.setString(2, job);
          statement.setLong(3, record.createdAt().toEpochMilli());
          int next = setChanges(statement, 4, record);
          statement.setString(next, lease.owner());
          statement.setLong(next + 1, lease.until().toEpochMilli());
        }) == 1;
  }

  @Override
  public Optional<JobRecord> find(String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    List<JobRecord> found = query("read job " + idempotencyKey,
        "SELECT " + COLUMNS + " FROM lipsync_job WHERE idempotency_key = ?",
        statement -> statement.setString(1, idempotencyKey));
    return found.stream().findFirst();
  }

  @Override
  public Optional<JobRecord> findByTask(TaskRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    return query("find the job of task " + ref,
        "SELECT " + COLUMNS + " FROM lipsync_job WHERE task_vendor = ? AND task_id = ?",
        statement -> {
          statement.setString(1, ref.vendor());
          statement.setString(2, ref.taskId());
        }).stream().findFirst();
  }

  @Override
  public boolean replace(JobRecord current, JobRecord next) {
    next.requireFollows(current);
    int after = 1 + CHANGES.size();
    return update("write job " + next.idempotencyKey(),
        "UPDATE lipsync_job SET " + String.join(" = ?, ", CHANGES) + " = ? "
            + "WHERE idempotency_key = ? AND version = ? AND ended = ?",
        statement -> {
          setChanges(statement, 1, next);
          statement.setString(after, next.idempotencyKey());
          statement.setLong(after + 1, current.version());
          statement.setBoolean(after + 2, false);
        }) == 1;
  }

  @Override
  public List<JobRecord> unfinished() {
    return query("list the unfinished jobs",
        "SELECT " + COLUMNS + " FROM lipsync_job WHERE ended = ? ORDER BY created_at, idempotency_key",
        statement -> statement.setBoolean(1, false));
  }

  @Override
  public List<JobRecord> recent(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return query("list the recent jobs",
        "SELECT " + COLUMNS + " FROM lipsync_job ORDER BY created_at DESC, idempotency_key LIMIT ?",
        statement -> statement.setInt(1, limit));
  }

  @Override
  public void recordDuration(TaskDuration duration) {
    Objects.requireNonNull(duration, "duration == null");
    // One transaction, so that a job's ending pays one commit (on SQLite, one fsync) for both.
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO lipsync_task_duration (vendor, audio_ms, took_ms, ended_at) VALUES (?, ?, ?, ?)");
          // The table would grow by a row per task for ever; only the newest are ever read. No row is
          // deleted while the vendor has fewer than DURATIONS_KEPT (the subquery finds none).
          PreparedStatement prune = connection.prepareStatement(
              "DELETE FROM lipsync_task_duration WHERE vendor = ? AND ended_at < (SELECT ended_at FROM"
                  + " lipsync_task_duration WHERE vendor = ? ORDER BY ended_at DESC LIMIT 1 OFFSET ?)")) {
        insert.setString(1, duration.vendor());
        insert.setLong(2, duration.audio().toMillis());
        insert.setLong(3, duration.took().toMillis());
        insert.setLong(4, duration.endedAt().toEpochMilli());
        insert.executeUpdate();
        prune.setString(1, duration.vendor());
        prune.setString(2, duration.vendor());
        prune.setInt(3, DURATIONS_KEPT - 1);
        prune.executeUpdate();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        // An application's own pool may hand the connection on as it is given back.
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed("keep a duration of " + duration.vendor(), e);
    }
  }

  @Override
  public List<TaskDuration> durations(String vendor, int limit) {
    Objects.requireNonNull(vendor, "vendor == null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    List<TaskDuration> durations = new ArrayList<>();
    query("read the durations of " + vendor,
        "SELECT audio_ms, took_ms, ended_at FROM lipsync_task_duration WHERE vendor = ?"
            + " ORDER BY ended_at DESC LIMIT ?",
        statement -> {
          statement.setString(1, vendor);
          statement.setInt(2, limit);
        },
        row -> durations.add(new TaskDuration(vendor, Duration.ofMillis(row.getLong(1)),
            Duration.ofMillis(row.getLong(2)), Instant.ofEpochMilli(row.getLong(3)))));
    return List.copyOf(durations);
  }

  @Override
  public Set<String> renew(String owner, Instant until) {
    Objects.requireNonNull(owner, "owner == null");
    Set<String> renewed = new HashSet<>();
    query("renew the leases of " + owner,
        "UPDATE lipsync_job SET lease_until = ? WHERE lease_owner = ? AND ended = ? RETURNING idempotency_key",
        statement -> {
          statement.setLong(1, until.toEpochMilli());
          statement.setString(2, owner);
          statement.setBoolean(3, false);
        },
        row -> renewed.add(row.getString(1)));
    return Set.copyOf(renewed);
  }

  @Override
  public List<JobRecord> claim(Lease lease, Instant now, int limit) {
    List<JobRecord> claimed = new ArrayList<>();
    query("take over jobs for " + lease.owner(),
        "UPDATE lipsync_job SET lease_owner = ?, lease_until = ? WHERE idempotency_key IN ("
            + "SELECT idempotency_key FROM lipsync_job WHERE ended = ? AND (lease_until IS NULL OR lease_until <= ?) "
            + "ORDER BY created_at, idempotency_key LIMIT ?" + claimLock + ") RETURNING " + COLUMNS,
        statement -> {
          statement.setString(1, lease.owner());
          statement.setLong(2, lease.until().toEpochMilli());
          statement.setBoolean(3, false);
          statement.setLong(4, now.toEpochMilli());
          statement.setInt(5, limit);
        },
        row -> claimed.add(read(row)));
    // RETURNING gives rows in no particular order.
    claimed.sort(Comparator.comparing(JobRecord::createdAt).thenComparing(JobRecord::idempotencyKey));
    return claimed;
  }

  @Override
  public Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now) {
    List<JobRecord> claimed = new ArrayList<>(1);
    query("take over job " + idempotencyKey + " for " + lease.owner(),
        "UPDATE lipsync_job SET lease_owner = ?, lease_until = ? WHERE idempotency_key = ? AND ended = ? "
            + "AND (lease_until IS NULL OR lease_until <= ?) RETURNING " + COLUMNS,
        statement -> {
          statement.setString(1, lease.owner());
          statement.setLong(2, lease.until().toEpochMilli());
          statement.setString(3, idempotencyKey);
          statement.setBoolean(4, false);
          statement.setLong(5, now.toEpochMilli());
        },
        row -> claimed.add(read(row)));
    return claimed.stream().findFirst();
  }

  @Override
  public void release(String idempotencyKey, String owner) {
    update("release job " + idempotencyKey,
        "UPDATE lipsync_job SET lease_owner = NULL, lease_until = NULL WHERE idempotency_key = ? AND lease_owner = ?",
        statement -> {
          statement.setString(1, idempotencyKey);
          statement.setString(2, owner);
        });
  }

  /** Closes the store's own pool; a store {@link #on(DataSource) on the application's} leaves it open. */
  @Override
  public void close() {
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcJobStore[" + description + "]";
  }

  /**
   * Sets the {@link #CHANGES} of {@code record}, from parameter {@code first} on.
   *
   * @return the parameter after them
   */
  private static int setChanges(PreparedStatement statement, int first, JobRecord record) throws SQLException {
    int i = first;
    TaskRef task = record.taskRef();
    statement.setString(i++, record.state().name());
    statement.setBoolean(i++, record.state().isTerminal());
    setNullable(statement, i++, record.vendor());
    setNullable(statement, i++, task == null ? null : task.vendor());
    setNullable(statement, i++, task == null ? null : task.taskId());
    statement.setString(i++, JobJson.writeAttempts(record.attempts()));
    setNullable(statement, i++, record.failure() == null ? null : record.failure().name());
    setNullable(statement, i++, record.failureMessage());
    setNullable(statement, i++, record.result() == null ? null : JobJson.write(record.result()));
    statement.setLong(i++, record.version());
    statement.setLong(i++, record.updatedAt().toEpochMilli());
    return i;
  }

  private static void setNullable(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static JobRecord read(ResultSet row) throws SQLException {
    String key = row.getString("idempotency_key");
    try {
      String taskVendor = row.getString("task_vendor");
      String taskId = row.getString("task_id");
      String failure = row.getString("failure");
      String result = row.getString("result");
      return new JobRecord(
          key,
          JobJson.readJob(row.getString("job")),
          JobState.valueOf(row.getString("state")),
          row.getString("vendor"),
          taskVendor == null || taskId == null ? null : new TaskRef(taskVendor, taskId),
          JobJson.readAttempts(row.getString("attempts")),
          failure == null ? null : FailureKind.valueOf(failure),
          row.getString("failure_message"),
          result == null ? null : JobJson.readResult(result),
          row.getLong("version"),
          Instant.ofEpochMilli(row.getLong("created_at")),
          Instant.ofEpochMilli(row.getLong("updated_at")));
    } catch (IllegalArgumentException e) {
      throw new JobStoreException("Job " + key + " in the store cannot be read: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  private int update(String what, String sql, Parameters parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.set(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  @FunctionalInterface
  private interface Rows {
    void read(ResultSet row) throws SQLException;
  }

  private List<JobRecord> query(String what, String sql, Parameters parameters) {
    List<JobRecord> records = new ArrayList<>();
    query(what, sql, parameters, row -> records.add(read(row)));
    return records;
  }

  private void query(String what, String sql, Parameters parameters, Rows rows) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.set(statement);
      try (ResultSet results = statement.executeQuery()) {
        while (results.next()) {
          rows.read(results);
        }
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  /**
   * Whether the database is PostgreSQL rather than SQLite.
   *
   * @throws JobStoreException if it is neither: the statements are written for those two
   */
  private static boolean isPostgres(DataSource dataSource) {
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new JobStoreException("The job store's database could not be identified: " + e.getMessage(), e);
    }
    if (product.equalsIgnoreCase("PostgreSQL")) {
      return true;
    }
    if (product.equalsIgnoreCase("SQLite")) {
      return false;
    }
    throw new JobStoreException("The job store's database is " + product + ": the store runs on SQLite or"
        + " PostgreSQL only");
  }

  private JobStoreException failed(String what, SQLException e) {
    return new JobStoreException("Could not " + what + " in the job store (" + description + "): " + e.getMessage(),
        e);
  }

  private static HikariConfig pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("lipsync-jobs");
    config.setMaximumPoolSize(4);
    return config;
  }

  private static JdbcJobStore open(HikariConfig config, String description) {
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      // Hikari wraps the driver's reason; the reason, not the wrapper, says what to fix.
      Throwable reason = e.getCause() != null ? e.getCause() : e;
      throw new JobStoreException("The job store (" + description + ") could not be opened: " + reason.getMessage(),
          e);
    }
    return new JdbcJobStore(pool, pool, description);
  }

  /** The host and database of a PostgreSQL URL, without its query, which may hold a password. */
  private static String hostOf(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  private static void createPrivateFolder(@Nullable Path folder) {
    if (folder == null || Files.isDirectory(folder)) {
      return;
    }
    try {
      if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(folder);
      }
    } catch (FileAlreadyExistsException e) {
      // Thrown when a file stands where a folder of the path should be; its name alone would not say so.
      throw new JobStoreException("The job store's folder " + folder + " could not be created: " + e.getFile()
          + " is a file, not a folder", e);
    } catch (AccessDeniedException e) {
      throw new JobStoreException("The job store's folder " + folder + " could not be created: permission denied"
          + " for " + e.getFile(), e);
    } catch (IOException e) {
      throw new JobStoreException("The job store's folder " + folder + " could not be created: " + e.getMessage(), e);
    }
  }
}

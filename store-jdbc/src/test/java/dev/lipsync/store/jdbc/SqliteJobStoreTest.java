package dev.lipsync.store.jdbc;

import dev.lipsync.core.store.JobStore;
import dev.lipsync.testkit.JobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the store contract, on a real database file. */
class SqliteJobStoreTest extends JobStoreContract {
  @TempDir Path folder;
  private JdbcJobStore store;

  @BeforeEach
  void open() {
    store = JdbcJobStore.sqlite(folder.resolve("lipsync/jobs.db"));
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

package dev.lipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.cli.StoreSetup.Location;
import dev.lipsync.cli.StoreSetup.Memory;
import dev.lipsync.cli.StoreSetup.Postgres;
import dev.lipsync.cli.StoreSetup.SqliteFile;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.store.jdbc.JdbcJobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which job store the command opens, from {@code --store}, {@code LIPSYNC_STORE} and the home folder. */
class StoreSetupTest {
  @TempDir Path dir;

  private static Location locate(Map<String, String> env, @Nullable String option) {
    return StoreSetup.locate(env, option, () -> "/home/from-property");
  }

  @Test
  void should_default_to_jobs_db_in_the_home_folder_of_the_environment_else_of_the_jvm() {
    assertThat(locate(Map.of("HOME", "/home/ana"), null))
        .isEqualTo(new SqliteFile(Path.of("/home/ana/.lipsync/jobs.db")));
    assertThat(locate(Map.of(), null)).isEqualTo(new SqliteFile(Path.of("/home/from-property/.lipsync/jobs.db")));
    assertThat(locate(Map.of("HOME", " ", "LIPSYNC_STORE", ""), null))
        .as("blank variables are unset").isEqualTo(new SqliteFile(Path.of("/home/from-property/.lipsync/jobs.db")));
    assertThatThrownBy(() -> StoreSetup.locate(Map.of(), null, () -> null)).isInstanceOf(InputError.class)
        .hasMessageContaining("set HOME").hasMessageContaining("--store");
  }

  @Test
  void should_take_the_environment_over_the_default_and_the_option_over_both() {
    Map<String, String> env = Map.of("HOME", "/home/ana", "LIPSYNC_STORE", "/data/env.db");

    assertThat(locate(env, null)).isEqualTo(new SqliteFile(Path.of("/data/env.db")));
    assertThat(locate(env, "/data/option.db")).isEqualTo(new SqliteFile(Path.of("/data/option.db")));
    assertThat(locate(env, "none")).isEqualTo(new Memory());
    assertThat(locate(Map.of("LIPSYNC_STORE", " NONE "), null)).isEqualTo(new Memory());
  }

  @Test
  void should_keep_jobs_db_in_a_directory_it_is_given() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("jobs"));

    assertThat(locate(Map.of(), folder.toString())).isEqualTo(new SqliteFile(folder.resolve("jobs.db")));
    assertThat(locate(Map.of("LIPSYNC_STORE", folder.toString()), null))
        .isEqualTo(new SqliteFile(folder.resolve("jobs.db")));
    assertThat(locate(Map.of(), folder.resolve("mine.db").toString()))
        .as("a file not there yet is the file").isEqualTo(new SqliteFile(folder.resolve("mine.db")));
  }

  @Test
  void should_recognise_a_postgres_url_with_its_user_and_password_from_the_environment() {
    Map<String, String> env = Map.of("LIPSYNC_STORE", "jdbc:postgresql://db.internal:5432/lipsync",
        "LIPSYNC_STORE_USER", "lipsync", "LIPSYNC_STORE_PASSWORD", "s3cret-store-pw");

    Location location = locate(env, null);

    assertThat(location).isEqualTo(new Postgres("jdbc:postgresql://db.internal:5432/lipsync", "lipsync",
        "s3cret-store-pw"));
    assertThat(location.description()).isEqualTo("PostgreSQL database jdbc:postgresql://db.internal:5432/lipsync");
    assertThat(location.toString()).doesNotContain("s3cret");
    assertThat(GatewaySetup.secrets(env)).as("masked in all output").contains("s3cret-store-pw");
    assertThat(new Postgres("jdbc:postgresql://h/db?password=in-the-url", "u", "").description())
        .doesNotContain("in-the-url");
  }

  @Test
  void should_refuse_a_value_that_names_no_store_saying_where_it_came_from() {
    assertRefused(Map.of(), "", "--store: must not be blank");
    assertRefused(Map.of(), "mysql://db.internal/lipsync",
        "--store mysql://db.internal/lipsync: not a store this command opens; give a SQLite file");
    assertRefused(Map.of("LIPSYNC_STORE", "jdbc:mysql://db.internal/lipsync"), null,
        "LIPSYNC_STORE jdbc:mysql://db.internal/lipsync: not a store this command opens");
    assertRefused(Map.of(), "jobs\0.db", "--store jobs\0.db: not a path");
    assertRefused(Map.of("LIPSYNC_STORE_PASSWORD", "s3cret-store-pw"), "jdbc:postgresql://db.internal/lipsync?ssl=true",
        "--store jdbc:postgresql://db.internal/lipsync: a PostgreSQL store needs its user in LIPSYNC_STORE_USER");
  }

  private static void assertRefused(Map<String, String> env, @Nullable String option, String message) {
    assertThatThrownBy(() -> locate(env, option)).isInstanceOf(InputError.class).hasMessageStartingWith(message);
  }

  @Test
  void should_open_the_store_it_names_and_refuse_one_that_cannot_be_opened() throws IOException {
    try (StoreSetup none = StoreSetup.open(Map.of(), "none");
        StoreSetup file = StoreSetup.open(Map.of("LIPSYNC_STORE", dir.toString()), null)) {
      assertThat(none.store()).isInstanceOf(InMemoryJobStore.class);
      assertThat(none.description()).isEqualTo("none: nothing is kept");
      assertThat(file.store()).isInstanceOf(JdbcJobStore.class);
      assertThat(file.description()).isEqualTo("SQLite file " + dir.resolve("jobs.db").toAbsolutePath());
    }
    assertThat(dir.resolve("jobs.db")).isRegularFile();

    Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "text");
    Path notADatabase = Files.writeString(dir.resolve("notes.db"), "these are notes, not a database\n".repeat(50));
    assertThatThrownBy(() -> StoreSetup.open(Map.of(), notAFolder.resolve("jobs.db").toString()))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith("--store " + notAFolder.resolve("jobs.db") + ": ")
        .hasMessageContaining("could not be created");
    assertThatThrownBy(() -> StoreSetup.open(Map.of("LIPSYNC_STORE", notADatabase.toString()), null))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith("LIPSYNC_STORE " + notADatabase + ": ");
  }
}

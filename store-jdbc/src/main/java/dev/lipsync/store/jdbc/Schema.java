package dev.lipsync.store.jdbc;

import dev.lipsync.core.store.JobStoreException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The store's tables, brought to this library's version by Flyway before the first job is read. A
 * database already at a newer version, written by a newer release, is refused: this code would not
 * know what its columns mean.
 */
final class Schema {
  static final String HISTORY_TABLE = "lipsync_schema_history";
  static final String MIGRATIONS = "classpath:dev/lipsync/store/jdbc/migration";

  private Schema() {}

  static void migrate(DataSource dataSource) {
    Flyway flyway = Flyway.configure()
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        // The application's own database may hold its own tables; ours are prefixed, so start beside them.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
    try {
      refuseNewer(flyway.info());
      flyway.migrate();
    } catch (FlywayException e) {
      throw new JobStoreException("The job store's tables could not be brought to this library's version: "
          + e.getMessage(), e);
    }
  }

  private static void refuseNewer(MigrationInfoService info) {
    Optional<MigrationVersion> known = Arrays.stream(info.all())
        .filter(migration -> migration.getState().isResolved())
        .map(MigrationInfo::getVersion)
        .max(Comparator.naturalOrder());
    Optional<MigrationVersion> applied = Arrays.stream(info.applied())
        .map(MigrationInfo::getVersion)
        .max(Comparator.naturalOrder());
    if (applied.isPresent() && known.isPresent() && applied.get().compareTo(known.get()) > 0) {
      throw new JobStoreException("The job store is at schema version " + applied.get()
          + ", newer than this library knows (" + known.get() + "): a newer release of lipsync-store-jdbc "
          + "wrote it. Upgrade this application's lipsync-store-jdbc, or point it at another store.");
    }
  }
}

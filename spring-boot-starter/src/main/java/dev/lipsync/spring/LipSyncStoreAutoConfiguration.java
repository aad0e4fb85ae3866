package dev.lipsync.spring;

import dev.lipsync.core.store.JobStore;
import dev.lipsync.store.jdbc.JdbcJobStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The job store in the application's {@link DataSource} when {@code lipsync.store.data-source=true}:
 * lipsync-store-jdbc's {@link JdbcJobStore} on it, which creates and migrates its own tables (Flyway,
 * history in {@code lipsync_schema_history}) and leaves the application's pool open when it closes. A
 * {@link JobStore} bean of the application's own replaces it. The gateway ({@link
 * LipSyncAutoConfiguration}) keeps its jobs in whichever store there is.
 */
@AutoConfiguration(
    before = LipSyncAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
    })
@ConditionalOnClass(name = {"dev.lipsync.store.jdbc.JdbcJobStore", "javax.sql.DataSource"})
@ConditionalOnBooleanProperty(name = LipSyncProperties.PREFIX + ".store.data-source")
@EnableConfigurationProperties(LipSyncProperties.class)
public class LipSyncStoreAutoConfiguration {

  /**
   * The store on the application's data source (its primary one where it has several).
   *
   * @throws IllegalStateException if the application has no data source, naming the property that asked for one
   */
  @Bean
  @ConditionalOnMissingBean(JobStore.class)
  JdbcJobStore lipSyncJobStore(ObjectProvider<DataSource> dataSources) {
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource == null) {
      throw new IllegalStateException(LipSyncProperties.PREFIX + ".store.data-source=true asks for the "
          + "application's DataSource, but the application has " + (dataSources.stream().findAny().isPresent()
              ? "several and none is primary" : "none"));
    }
    return JdbcJobStore.on(dataSource);
  }
}

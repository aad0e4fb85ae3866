package dev.lipsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

/**
 * The job store in the application's database: a real SQLite file, and a restart that carries a paid
 * task on. Time moves on a manual clock only.
 */
class LipSyncStoreTest {
  private static final String KEY = "sk-cometapi-test-0123456789";

  @TempDir Path folder;

  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-06-01T09:00:00Z"));
  private final OkHttpClient http = new OkHttpClient();
  private final BooleanSupplier busy = VirtualTime.callsInFlight(http);
  private CometApiSimulator cometapi;
  private DataSource database;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(LipSyncVendorsAutoConfiguration.class,
          LipSyncStoreAutoConfiguration.class, LipSyncAutoConfiguration.class));

  @BeforeEach
  void start() {
    cometapi = new CometApiSimulator(KEY, clock).start();
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + folder.resolve("jobs.db"));
    database = sqlite;
  }

  @AfterEach
  void stop() {
    cometapi.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** The application's context: its data source, its clock, and its own CometAPI provider on the test's client. */
  private ApplicationContextRunner application() {
    return runner
        .withBean(DataSource.class, () -> database)
        .withBean(TaskScheduler.class, () -> clock)
        .withBean(CometApiProvider.class, () -> CometApiProvider.builder().apiKey(KEY)
            .baseUrl(cometapi.baseUrl()).client(http).build())
        .withPropertyValues("lipsync.store.data-source=true", "lipsync.store.instance-id=instance-a");
  }

  @Test
  void should_keep_jobs_in_the_application_s_database_only_when_asked() {
    runner.withBean(DataSource.class, () -> database).withPropertyValues("COMETAPI_KEY=" + KEY).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(JobStore.class);
    });
    application().run(context -> {
      assertThat(context).hasSingleBean(JdbcJobStore.class);
      assertThat(context.getBean(JdbcJobStore.class).unfinished()).isEmpty();
    });
  }

  @Test
  void should_refuse_to_start_when_asked_for_a_database_the_application_does_not_have() {
    runner.withPropertyValues("COMETAPI_KEY=" + KEY, "lipsync.store.data-source=true").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessage(
          "lipsync.store.data-source=true asks for the application's DataSource, but the application has none");
    });
  }

  @Test
  void should_carry_a_paid_task_on_after_a_restart_without_paying_again() {
    cometapi.script(TaskScript.succeeds().afterPolls(2));
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().audio(AudioSource.url(cometapi.audioUrl())).audioLength(Duration.ofSeconds(6)).build())
        .idempotencyKey("order-1234")
        .build();

    // The first start: the job is submitted (paid), then the application stops before the task ends.
    Throwable[] ended = new Throwable[1];
    application().run(context -> {
      JobHandle handle = context.getBean(LipSyncGateway.class).run(job);
      VirtualTime.until(() -> cometapi.count(Endpoint.SUBMIT) == 1 && context.getBean(JdbcJobStore.class)
          .find("order-1234").map(record -> record.taskRef() != null).orElse(false), clock, busy);
      CompletableFuture<LipSyncResult> result = handle.result();
      context.close();
      ended[0] = VirtualTime.failure(result, clock, busy);
    });
    assertThat(ended[0]).isInstanceOf(GatewayClosedException.class);

    // The next start carries the job on from its task.
    application().withPropertyValues("lipsync.store.instance-id=instance-b").run(context -> {
      LipSyncGateway gateway = context.getBean(LipSyncGateway.class);
      VirtualTime.until(() -> gateway.job("order-1234").isPresent(), clock, busy);
      LipSyncResult result = VirtualTime.await(gateway.job("order-1234").orElseThrow().result(), clock, busy);

      assertThat(result.vendor()).isEqualTo("cometapi");
      assertThat(cometapi.count(Endpoint.SUBMIT)).as("the task was paid once").isEqualTo(1);
      assertThat(context.getBean(JdbcJobStore.class).find("order-1234").orElseThrow().state())
          .isEqualTo(JobState.SUCCEEDED);
    });
  }
}

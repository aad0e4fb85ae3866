package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.SimFace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlainApp} runs a job at each vendor, on this project's dependency set alone: if the published
 * POMs let Maven pick a library version the adapters cannot run on (an Okio without the method OkHttp
 * 5 calls, say), a vendor call throws a LinkageError and the job fails here.
 */
@Timeout(30)
class PlainBuilderTest {
  /** The simulators answer from memory: poll again at once until the task ends. */
  private static final PollSchedule AT_ONCE = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);

  private final SystemScheduler scheduler = new SystemScheduler();
  private final CometApiSimulator cometapi = new CometApiSimulator("cometapi-key", scheduler).start();
  private final ApiModelsSimulator apimodels = new ApiModelsSimulator("apimodels-key", scheduler).start();
  private final AladSimulator alad = new AladSimulator("alad-key", scheduler).start();
  /** README's builder takes a Micrometer registry: Micrometer must link at run time too. */
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    cometapi.close();
    apimodels.close();
    alad.close();
    scheduler.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cometapi", "apimodels", "alad"})
  void should_run_a_job_to_its_video_at_each_vendor(String vendor) throws Exception {
    // The job names face 1, which a vendor without times finds for sure only on a video of one person.
    apimodels.faces(List.of(SimFace.defaults().get(0)));
    alad.faces(List.of(SimFace.defaults().get(0)));
    Map<String, String> env = Map.of(
        "COMETAPI_KEY", "cometapi-key", "COMETAPI_BASE_URL", cometapi.baseUrl(),
        "APIMODELS_KEY", "apimodels-key", "APIMODELS_BASE_URL", apimodels.baseUrl(),
        "ALAD_KEY", "alad-key", "ALAD_BASE_URL", alad.baseUrl());

    try (LipSyncGateway gateway = PlainApp.gateway(env, scheduler, AT_ONCE, meters)) {
      LipSyncResult result = gateway.run(PlainApp.job(vendor, alad.audioUrl())).result().get(20, TimeUnit.SECONDS);

      assertThat(result.vendor()).isEqualTo(vendor);
      assertThat(result.attempts()).hasSize(1);
      assertThat(result.videos()).isNotEmpty();
    }
  }

  /**
   * The job store from its published jar: its migrations found on the class path, SQLite's native
   * library loaded, the job written as JSON and read back by a store opened anew on the same file.
   */
  @Test
  void should_keep_a_job_in_an_sqlite_file(@TempDir Path folder) throws Exception {
    Map<String, String> env = Map.of("COMETAPI_KEY", "cometapi-key", "COMETAPI_BASE_URL", cometapi.baseUrl(),
        "APIMODELS_KEY", "apimodels-key", "APIMODELS_BASE_URL", apimodels.baseUrl(),
        "ALAD_KEY", "alad-key", "ALAD_BASE_URL", alad.baseUrl());
    Path file = folder.resolve("lipsync/jobs.db");
    LipSyncJob job = PlainApp.job("cometapi", alad.audioUrl());

    try (JdbcJobStore jobs = JdbcJobStore.sqlite(file);
        LipSyncGateway gateway = PlainApp.durableGateway(env, scheduler, AT_ONCE, meters, jobs)) {
      gateway.run(job).result().get(20, TimeUnit.SECONDS);
    }

    try (JdbcJobStore reopened = JdbcJobStore.sqlite(file)) {
      JobRecord held = reopened.find(job.idempotencyKey()).orElseThrow();
      assertThat(held.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(held.job().video()).isEqualTo(job.video());
      assertThat(held.job().dubs().get(0).audioLength()).as("the job as it was sent: its audio measured").isNotNull();
      assertThat(held.result().taskRef().vendor()).isEqualTo("cometapi");
    }
  }
}

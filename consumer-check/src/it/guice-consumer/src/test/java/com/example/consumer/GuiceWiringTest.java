package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.SimFace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GuiceApp}'s gateway runs a job at each vendor, on this project's dependency set alone:
 * lipsync-core's Guice modules must link against the Guice the application declares, and every vendor
 * call must run on the libraries Maven picked for this project (a LinkageError fails the job here).
 */
@Timeout(30)
class GuiceWiringTest {
  /** The simulators answer from memory: poll again at once until the task ends. */
  private static final PollSchedule AT_ONCE = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);

  private final SystemScheduler scheduler = new SystemScheduler();
  private final CometApiSimulator cometapi = new CometApiSimulator("cometapi-key", scheduler).start();
  private final ApiModelsSimulator apimodels = new ApiModelsSimulator("apimodels-key", scheduler).start();
  private final AladSimulator alad = new AladSimulator("alad-key", scheduler).start();

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

    try (LipSyncGateway gateway = GuiceApp.injector(env, scheduler, AT_ONCE).getInstance(LipSyncGateway.class)) {
      LipSyncResult result = gateway.run(GuiceApp.job(vendor, alad.audioUrl())).result().get(20, TimeUnit.SECONDS);

      assertThat(gateway.vendors()).containsExactly("cometapi", "apimodels", "alad");
      assertThat(result.vendor()).isEqualTo(vendor);
      assertThat(result.attempts()).hasSize(1);
      assertThat(result.videos()).isNotEmpty();
    }
  }
}

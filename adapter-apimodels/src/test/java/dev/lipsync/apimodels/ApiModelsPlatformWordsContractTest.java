package dev.lipsync.apimodels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.VendorSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The whole contract again, with every task reported in the words of a platform with apimodels' task
 * schema ({@code waiting}, {@code generating}, {@code success}, {@code fail}).
 */
class ApiModelsPlatformWordsContractTest extends ApiModelsContractTest {
  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new ApiModelsSimulator(apiKey, clock).platformWords(true);
  }

  @Test
  void should_hear_the_platforms_words_and_map_them() {
    TaskRef ref = await(provider.submit(request(identify(), audio())));

    TaskSnapshot running = await(provider.status(ref));
    clock.advance(Duration.ofHours(1));
    TaskSnapshot done = pollUntilTerminal(ref);

    assertThat(running.rawStatus()).isIn("waiting", "generating");
    assertThat(done.rawStatus()).isEqualTo("success");
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
  }
}

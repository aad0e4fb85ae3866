package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CannedVendorTest {
  private static final TaskRef REF = new TaskRef(CometApiProvider.ID, CannedVendor.TASK_ID);

  private static LipSyncProvider adapter(CannedVendor vendor) {
    return CometApiProvider.builder()
        .apiKey(CannedVendor.KEY)
        .baseUrl(CannedVendor.BASE_URL)
        .client(vendor.client(true))
        .build();
  }

  @Test
  void should_answer_on_the_callers_thread_when_inline() {
    CompletableFuture<TaskSnapshot> status = adapter(CannedVendor.finished()).status(REF);

    assertThat(status).isDone();
  }

  @Test
  void should_answer_a_finished_task_with_its_video() {
    TaskSnapshot snapshot = adapter(CannedVendor.finished()).status(REF).join();

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).hasSize(1);
  }

  @Test
  void should_answer_a_running_task_as_running() {
    TaskSnapshot snapshot = adapter(CannedVendor.running()).status(REF).join();

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("processing");
  }
}

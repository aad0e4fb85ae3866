package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.job;
import static dev.lipsync.core.gateway.ScriptedVendors.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A vendor's tasks in flight: a limit is a queue, and the vendor's "too many tasks" a wait there. */
class TasksInFlightTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private LipSyncGateway gateway(int maxTasksInFlight, ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder().scheduler(time).random(() -> 0.0)
        .meterRegistry(registry)
        .resilience(ResilienceSettings.builder().maxTasksInFlight(maxTasksInFlight).build())
        .pollSchedule(new PollSchedule(Duration.ofSeconds(10), 1, Duration.ofSeconds(10), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder.build();
  }

  private static TaskSnapshot running(TaskRef ref) {
    return TaskSnapshot.builder(ref, TaskState.RUNNING).rawStatus("processing").build();
  }

  @Test
  void should_queue_jobs_past_the_limit_and_send_each_when_a_slot_frees() {
    ScriptedProvider a = new ScriptedProvider("a", ScriptedVendors.capabilities(false, false), Pricing.of("0", "0"))
        .on("identify", new FaceSession("a", "session-a", ScriptedVendors.VIDEO, List.of(Face.of("a-face"))));
    List<TaskRef> refs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      refs.add(new TaskRef("a", "task-" + i));
    }
    a.on("submit", refs.toArray());
    // Each task runs one poll, then succeeds.
    for (TaskRef ref : refs) {
      a.on("status", running(ref), succeeded(ref));
    }
    ScriptedProvider b = ScriptedVendors.vendor("b");
    LipSyncGateway gateway = gateway(2, a, b);
    List<JobEvent> events = new CopyOnWriteArrayList<>();

    List<CompletableFuture<LipSyncResult>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(gateway.run(job(), events::add).result());
    }

    assertThat(a.calls("submit")).as("two slots, two submits").isEqualTo(2);
    assertThat(registry.get(GatewayMetrics.TASKS_IN_FLIGHT).tag("vendor", "a").gauge().value()).isEqualTo(2);
    assertThat(registry.get(GatewayMetrics.TASKS_WAITING).tag("vendor", "a").gauge().value()).isEqualTo(3);
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.WAITING).hasSize(3)
        .first().extracting(JobEvent::message).asString()
        .startsWith("waiting for a free slot at a: 2 of 2 tasks in flight");
    for (CompletableFuture<LipSyncResult> result : results) {
      assertThat(Outcomes.finish(time, result).vendor()).isEqualTo("a");
    }
    assertThat(a.calls("submit")).isEqualTo(5);
    assertThat(b.calls("identify")).as("no failover").isZero();
    assertThat(registry.get(GatewayMetrics.TASKS_IN_FLIGHT).tag("vendor", "a").gauge().value()).isZero();
  }

  @Test
  void should_wait_at_the_vendor_when_it_says_too_many_tasks_and_never_fail_over() {
    TaskRef ref = new TaskRef("a", "task-1");
    RateLimitedException tooMany = new RateLimitedException(ErrorContext.of("a"),
        "the account has as many tasks in flight as its plan allows", null, true, null);
    ScriptedProvider a = new ScriptedProvider("a", ScriptedVendors.capabilities(false, false), Pricing.of("0", "0"))
        .on("identify", new FaceSession("a", "session-a", ScriptedVendors.VIDEO, List.of(Face.of("a-face"))))
        .on("submit", tooMany, tooMany, ref)
        .on("status", succeeded(ref));
    ScriptedProvider b = ScriptedVendors.vendor("b");
    List<JobEvent> events = new CopyOnWriteArrayList<>();

    LipSyncResult result = Outcomes.finish(time, gateway(0, a, b).run(job(), events::add).result());

    assertThat(result.vendor()).isEqualTo("a");
    assertThat(a.calls("submit")).isEqualTo(3);
    assertThat(b.calls("identify")).isZero();
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.WAITING).extracting(JobEvent::message)
        .allSatisfy(message -> assertThat(message).startsWith("a runs as many of the account's tasks as it allows"))
        .extracting(message -> message.substring(message.lastIndexOf("again in ")))
        .containsExactly("again in 1000 ms", "again in 2000 ms");
  }
}

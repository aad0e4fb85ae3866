package dev.lipsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.VendorSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PlainJavaExampleTest {

  @Test
  void should_finish_the_job_at_the_first_vendor_and_print_its_task_and_video() {
    try (Sandbox sandbox = new Sandbox()) {
      int exit = PlainJavaExample.run(sandbox.vendors(), sandbox.out);

      String output = sandbox.output();
      SimulatedTask task = sandbox.simulators.cometapi().lastTask();
      assertThat(exit).as(output).isZero();
      assertThat(task).isNotNull();
      assertThat(output)
          .contains("Done: task cometapi:" + task.id() + " at cometapi")
          .contains("video " + sandbox.simulators.cometapi().baseUrl() + "/results/cometapi-" + task.id() + ".mp4")
          .contains("face: face 1 by order of appearance");
      assertThat(sandbox.simulators.apimodels().requests()).isEmpty();
    }
  }

  @Test
  void should_say_why_and_exit_1_when_no_vendor_serves_the_job() {
    try (Sandbox sandbox = new Sandbox()) {
      for (VendorSimulator simulator : sandbox.simulators.all()) {
        simulator.injectAlways(Endpoint.IDENTIFY, Fault.status(401));
      }

      int exit = PlainJavaExample.run(sandbox.vendors(), sandbox.out);

      assertThat(exit).isEqualTo(1);
      assertThat(sandbox.output()).contains("FAILED_OVER cometapi", "FAILED_OVER apimodels", "Failed: ")
          .doesNotContain("Done:");
      assertThat(sandbox.simulators.all()).allSatisfy(simulator ->
          assertThat(simulator.count(Endpoint.SUBMIT)).isZero());
    }
  }
}

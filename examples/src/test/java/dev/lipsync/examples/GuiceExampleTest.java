package dev.lipsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import java.io.PrintStream;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GuiceExampleTest {

  /**
   * What an example prints when CometAPI refuses the key at the paid call, with every number (ports, ids)
   * masked. CometAPI identified the faces with their times and pictures first, so apimodels, which gives
   * no times, finds the first person to appear by picture.
   */
  private static String failoverRun(BiFunction<Vendors, PrintStream, Integer> example) {
    try (Sandbox sandbox = new Sandbox()) {
      sandbox.simulators.cometapi().injectAlways(Endpoint.SUBMIT, Fault.status(401));
      int exit = example.apply(sandbox.vendors(), sandbox.out);
      assertThat(exit).as(sandbox.output()).isZero();
      return sandbox.output().replaceAll("\\d+", "#");
    }
  }

  @Test
  void should_finish_the_job_at_the_first_vendor_and_print_its_task_and_video() {
    try (Sandbox sandbox = new Sandbox()) {
      int exit = GuiceExample.run(sandbox.vendors(), sandbox.out);

      String output = sandbox.output();
      String id = sandbox.simulators.cometapi().lastTask().id();
      assertThat(exit).as(output).isZero();
      assertThat(output)
          .contains("Done: task cometapi:" + id + " at cometapi")
          .contains("video " + sandbox.simulators.cometapi().baseUrl() + "/results/cometapi-" + id + ".mp4");
    }
  }

  @Test
  void should_route_the_job_as_the_plain_example_does() {
    String plain = failoverRun(PlainJavaExample::run);
    String guice = failoverRun(GuiceExample::run);

    assertThat(guice).isEqualTo(plain);
    assertThat(guice)
        .containsSubsequence("IDENTIFYING cometapi", "FAILED_OVER cometapi", "IDENTIFYING apimodels",
            "SUBMITTED apimodels:", "SUCCEEDED apimodels:", "Done: task apimodels:",
            "face: face # by order of appearance at cometapi; here the face its picture matches (")
        .contains("video http://localhost:#/results/apimodels-#.mp#"); // numbers masked, mp4 included
  }
}

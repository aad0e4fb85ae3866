package dev.lipsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SimulatedTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TwoStepExampleTest {

  @Test
  void should_show_the_faces_and_dub_the_one_it_says_it_chose() {
    try (Sandbox sandbox = new Sandbox()) {
      int exit = TwoStepExample.run(sandbox.vendors(), sandbox.out);

      String output = sandbox.output();
      assertThat(exit).as(output).isZero();
      assertThat(output).containsSubsequence(
          "Faces found by cometapi:",
          "1. cometapi-ana, on screen 0-4000 ms",
          "2. cometapi-ben, on screen 2000-9000 ms",
          "Chose cometapi-ben (");
      Matcher chose = Pattern.compile("Chose (\\S+) ").matcher(output);
      assertThat(chose.find()).isTrue();
      // The face the vendor was asked to dub is the one the example said it chose, and only that one.
      String submitted = sandbox.simulators.cometapi().requests(Endpoint.SUBMIT).get(0).body();
      assertThat(submitted).contains("\"face_id\":\"" + chose.group(1) + "\"").doesNotContain("cometapi-ana");
      SimulatedTask task = sandbox.simulators.cometapi().lastTask();
      assertThat(output)
          .contains("Done: task cometapi:" + task.id())
          .contains("video " + sandbox.simulators.cometapi().baseUrl() + "/results/cometapi-" + task.id() + ".mp4");
    }
  }

  @Test
  void should_identify_once_and_submit_at_the_vendor_that_identified() {
    try (Sandbox sandbox = new Sandbox()) {
      TwoStepExample.run(sandbox.vendors(), sandbox.out);

      assertThat(sandbox.simulators.cometapi().count(Endpoint.IDENTIFY)).isEqualTo(1);
      assertThat(sandbox.simulators.cometapi().count(Endpoint.SUBMIT)).isEqualTo(1);
      assertThat(sandbox.simulators.apimodels().requests()).isEmpty();
      // alad only serves the audio, which the gateway measures once for cometapi's required clip.
      assertThat(sandbox.simulators.alad().requests()).singleElement()
          .satisfies(r -> assertThat(r.request().getUrl().encodedPath()).isEqualTo("/media/line.mp3"));
    }
  }
}

package dev.lipsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.testkit.SimulatedTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CallbackEndpointExampleTest {

  @Test
  void should_end_the_job_from_the_vendor_callback_without_polling() {
    try (Sandbox sandbox = new Sandbox()) {
      int exit = CallbackEndpointExample.run(sandbox.vendors(Sandbox.HOURLY), sandbox.out);

      String output = sandbox.output();
      SimulatedTask task = sandbox.simulators.cometapi().lastTask();
      assertThat(exit).as(output).isZero();
      assertThat(task).isNotNull();
      assertThat(output)
          // The endpoint answers at once; the job ends once a status call has confirmed the callback,
          // which may come before or after the answer is printed.
          .containsSubsequence("cometapi finishes the task and posts its callback", "SUCCEEDED cometapi:" + task.id())
          .containsSubsequence("cometapi finishes the task and posts its callback", "the endpoint answered HTTP 204")
          .contains("Done: task cometapi:" + task.id())
          .contains("video " + sandbox.simulators.cometapi().baseUrl() + "/results/cometapi-" + task.id() + ".mp4");
      assertThat(task.polls()).as("the one status call that confirmed the callback; no poll").isEqualTo(1);
      // alad documents no callbacks: the example leaves it out (it only serves the audio, measured once).
      assertThat(sandbox.simulators.alad().requests()).singleElement()
          .satisfies(r -> assertThat(r.request().getUrl().encodedPath()).isEqualTo("/media/line.mp3"));
    }
  }

  @Test
  void should_register_the_endpoint_with_the_job_and_never_print_its_token() {
    try (Sandbox sandbox = new Sandbox()) {
      CallbackEndpointExample.run(sandbox.vendors(Sandbox.HOURLY), sandbox.out);

      Object callbackUrl = sandbox.simulators.cometapi().lastTask().request().get("callback_url");
      assertThat(callbackUrl).asString().startsWith("http://127.0.0.1:").contains("/callbacks/cometapi/");
      String token = callbackUrl.toString().substring(callbackUrl.toString().lastIndexOf('/') + 1);
      assertThat(token).hasSizeGreaterThanOrEqualTo(32);
      assertThat(sandbox.output()).contains("Callbacks from cometapi go to http://127.0.0.1:").doesNotContain(token);
    }
  }
}

package dev.lipsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.PollSchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VendorTourTest {

  @Test
  void should_take_a_job_through_every_vendor_and_show_what_none_can_serve() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // Polls at once: the simulators answer from memory, so nothing waits on the clock.
    PollSchedule immediate = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);

    int exit = new VendorTour(new PrintStream(bytes, true, StandardCharsets.UTF_8), immediate).run();

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    assertThat(output.split("\n")).filteredOn(line -> line.contains("done: SUCCEEDED")).hasSize(4);
    assertThat(output).contains("submitted cometapi:", "submitted apimodels:", "submitted alad:")
        .contains("chose cometapi-ana: face 1 by order of appearance")
        .contains("alad: cannot set volumes")
        .contains("Tour complete");
  }
}

package dev.lipsync.examples;

import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;

/**
 * The gateway from plain Java: build it over the configured vendors, describe a job, run it, wait for
 * the video. The gateway picks the vendor, identifies the faces, resolves the job's face selector there,
 * submits the paid task and polls it; on a vendor that cannot serve it fails over to the next.
 *
 * <p>Run it with {@code mvn -B -q exec:java -pl examples -Dexec.mainClass=dev.lipsync.examples.PlainJavaExample}
 * (after {@code mvn -B -q install -DskipTests}): on the simulators, or on the real vendors when {@code
 * COMETAPI_KEY}, {@code APIMODELS_KEY} or {@code ALAD_KEY} is set.
 */
public final class PlainJavaExample {
  private PlainJavaExample() {}

  /** Runs the example on the vendors of the process environment, or on the simulators. */
  public static void main(String[] args) {
    Example.launch(PlainJavaExample::run);
  }

  /** The job: the first person to appear in the interview says the answer at {@code audioUrl}. */
  public static LipSyncJob job(String audioUrl) {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder()
            .face(FaceSelector.nthByAppearance(1))
            .audio(AudioSource.url(audioUrl))
            .build())
        .build();
  }

  /** Runs {@link #job} on {@code vendors}, printing each step and the result to {@code out}. */
  public static int run(Vendors vendors, PrintStream out) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(vendors.scheduler())
        .pollSchedule(vendors.taskPolls());
    vendors.providers().forEach(builder::provider);

    try (LipSyncGateway gateway = builder.build()) {
      return runJob(gateway, vendors.audioUrl(), out);
    }
  }

  /** Runs {@link #job} on {@code gateway} and waits for the video, printing to {@code out}. */
  public static int runJob(LipSyncGateway gateway, String audioUrl, PrintStream out) {
    try {
      JobHandle handle = gateway.run(job(audioUrl), Report.events(out));
      LipSyncResult result = handle.result().join();
      Report.result(out, result);
      return 0;
    } catch (CompletionException e) {
      return Report.failed(out, e);
    }
  }
}

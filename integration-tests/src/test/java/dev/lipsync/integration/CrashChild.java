package dev.lipsync.integration;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.VendorSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link CrashRecoveryTest} kills: a gateway on a durable store, against a CometAPI
 * simulator in the test's JVM, running one job per key and then waiting for ever. It takes over nothing
 * ({@code recoverJobs(false)}), as a command that runs its own jobs does, and says on standard output
 * what happens, one line per event: {@code <TYPE> <key> <task id or ->}.
 *
 * <pre>
 * CrashChild &lt;sqlite file | jdbc:postgresql://… user&gt; &lt;simulator base URL&gt; &lt;API key&gt; &lt;key&gt;…
 * </pre>
 */
final class CrashChild {
  /** The child's lease on its jobs; a recovering gateway starts this long (and more) after the kill. */
  static final Duration LEASE = Duration.ofSeconds(3);
  /** The line the child prints once every job has started. */
  static final String READY = "READY";
  static final String VIDEO = "https://example.com/interview.mp4";

  private CrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> rest = Arrays.asList(args);
    JdbcJobStore store;
    if (rest.get(0).startsWith("jdbc:postgresql:")) {
      store = JdbcJobStore.postgres(rest.get(0), rest.get(1), "");
      rest = rest.subList(2, rest.size());
    } else {
      store = JdbcJobStore.sqlite(Path.of(rest.get(0)));
      rest = rest.subList(1, rest.size());
    }
    String baseUrl = rest.get(0);
    String apiKey = rest.get(1);
    List<String> keys = rest.subList(2, rest.size());

    CometApiProvider cometapi = CometApiProvider.builder()
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        // Longer than the test waits: the phase a request is held in must last until the kill.
        .requestTimeout(Duration.ofMinutes(1))
        .build();
    LipSyncGateway gateway = LipSyncGateway.builder()
        .provider(cometapi)
        .scheduler(new SystemScheduler())
        .jobStore(store)
        .instanceId("crash-child-" + ProcessHandle.current().pid())
        .leaseDuration(LEASE)
        .recoverJobs(false)
        .pollSchedule(new PollSchedule(Duration.ofMillis(50), 1, Duration.ofMillis(50), 0))
        .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
        .build();
    for (String key : keys) {
      gateway.run(job(baseUrl, key), event -> say(event, key));
    }
    say(READY);
    // Killed here, or earlier; nothing is closed on purpose.
    new CountDownLatch(1).await();
  }

  /** The job the child runs under {@code key}: the simulator's own audio, for the first face. */
  static LipSyncJob job(String baseUrl, String key) {
    return LipSyncJob.builder()
        .videoUrl(VIDEO)
        .audio(AudioSource.url(baseUrl + "/media/line.mp3"))
        .idempotencyKey(key)
        .build();
  }

  private static void say(JobEvent event, String key) {
    say(event.type() + " " + key + " " + (event.taskRef() == null ? "-" : event.taskRef().taskId()));
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}

package dev.lipsync.cli;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.download.ResultDownloader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lipsync run}: one job, from the video to the finished video. */
@Command(
    name = "run",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = "Runs a lip-sync job: identifies the faces, submits the job to the first vendor that can"
        + " serve it, tracks it to the finished video and fails over as needed. Progress goes to standard error.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the job succeeded",
        "1:anything else (e.g. --timeout passed while the task ran; its ref is printed)",
        "2:invalid input, usage or configuration; nothing was sent",
        "3:the job failed (every candidate failed, or the task failed)",
        "4:submit outcome unknown: a paid task may exist (vendor and idempotency key printed)"})
final class RunCommand implements Callable<Integer> {
  private final Invocation io;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private VideoOptions video;

  @Option(names = "--vendor", paramLabel = "NAME",
      description = "A vendor to use (cometapi, apimodels, alad, kling); repeat it to give an order of preference."
          + " Default: every configured vendor.")
  private List<String> vendors = new ArrayList<>();

  @Option(names = "--face", paramLabel = "N|all", converter = Converters.FaceConverter.class,
      description = "Which face speaks: 1 for the first to appear, 2 for the second, ..., or all. Repeat it for"
          + " several faces saying the audio (a vendor that dubs one face per task dubs them in a chain of tasks,"
          + " each paid). Default: the first to appear, or the vendor's choice at a vendor that takes no face id"
          + " (alad).")
  private List<FaceSelector> faces = new ArrayList<>();

  @Option(names = "--face-image", paramLabel = "URL",
      description = "The face that speaks is the one this picture shows: a thumbnail of it from this video (lipsync"
          + " faces prints them). Instead of --face.")
  private @Nullable String faceImage;

  @Option(names = "--face-match", paramLabel = "exact|picture|any", converter = Converters.FaceMatchConverter.class,
      description = "How surely a vendor must find the face --face or --face-image names: exact (by its times),"
          + " picture (exact, or by matching the face's picture) or any (its listing order too, which may be another"
          + " person). A vendor that cannot is skipped before anything is paid. Default: picture.")
  private FaceMatch faceMatch = FaceMatch.PICTURE;

  @Option(names = "--no-chaining",
      description = "Never dub the faces in a chain of tasks (each paid) at a vendor that dubs fewer per task than"
          + " the job names; such a vendor is then skipped.")
  private boolean noChaining;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private AudioOptions audio;

  @Option(names = "--audio-start-ms", paramLabel = "N", description = "Use the audio from N ms (with --audio-end-ms).")
  private @Nullable Long audioStartMs;

  @Option(names = "--audio-end-ms", paramLabel = "N", description = "Use the audio up to N ms (with --audio-start-ms).")
  private @Nullable Long audioEndMs;

  @Option(names = "--insert-at-ms", paramLabel = "N", description = "Where in the video the audio starts.")
  private @Nullable Long insertAtMs;

  @Option(names = "--volume", paramLabel = "X", description = "Volume of the new audio, 0 to 2.")
  private @Nullable Double volume;

  @Option(names = "--original-volume", paramLabel = "X", description = "Volume of the original soundtrack, 0 to 2.")
  private @Nullable Double originalVolume;

  @Option(names = "--watermark",
      description = "Also make a copy of the video with the vendor's watermark (only vendors that can take the job).")
  private boolean watermark;

  @Option(names = "--callback-url", paramLabel = "URL", description = "Where the vendor posts status changes.")
  private @Nullable String callbackUrl;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "The job's idempotency key; default: a new one. Reuse one to make sure a job is paid once.")
  private @Nullable String idempotencyKey;

  @Option(names = "--strategy", paramLabel = "priority|cheapest", converter = Converters.StrategyConverter.class,
      description = "How to order the vendors. Default: priority (the --vendor order, else cometapi, apimodels, alad, kling).")
  private RoutingStrategy strategy = RoutingStrategy.PRIORITY;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "How long the whole job may take, e.g. 30m, at most 24h. Default: 30m.")
  private @Nullable Duration timeout;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "How long each HTTP call may take, e.g. 30s, at most 24h. Default: 60s.")
  private @Nullable Duration requestTimeout;

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "The first delay between status polls, at most 24h; later ones grow from it. Default: 5s.")
  private @Nullable Duration pollInterval;

  @Option(names = "--output", paramLabel = "FILE", description = "Download the result video to FILE.")
  private @Nullable Path output;

  @Mixin
  private StoreOption store = new StoreOption();

  @Option(names = "--json", description = "Print one JSON object on standard output, nothing else.")
  private boolean json;

  @Option(names = "--verbose", description = "Show each HTTP exchange (method, path, status, time) in the progress.")
  private boolean verbose;

  RunCommand(Invocation io) {
    this.io = io;
  }

  /** The video: by URL or by a vendor's video id. */
  static final class VideoOptions {
    @Option(names = "--video-url", paramLabel = "URL", required = true, description = "The video, by public URL.")
    @Nullable String url;

    @Option(names = "--video-id", paramLabel = "ID", required = true, description = "The video, by a vendor's video id.")
    @Nullable String id;

    VideoSource source() {
      return url != null ? VideoSource.url(url) : VideoSource.vendorVideo(id);
    }
  }

  /** The audio: a URL, a file, a vendor's audio id, or text for a built-in voice. */
  static final class AudioOptions {
    @Option(names = "--audio-url", paramLabel = "URL", required = true, description = "The audio, by public URL.")
    @Nullable String url;

    @Option(names = "--audio-file", paramLabel = "PATH", required = true,
        description = "The audio, from a regular file (mp3, wav, m4a, aac; at most 5 MB).")
    @Nullable Path file;

    @Option(names = "--audio-id", paramLabel = "ID", required = true, description = "The audio, by a vendor's audio id.")
    @Nullable String id;

    @ArgGroup(exclusive = false)
    @Nullable SpeechOptions speech;
  }

  /** Text spoken by a built-in voice. */
  static final class SpeechOptions {
    @Option(names = "--text", paramLabel = "TEXT", required = true, description = "The text to speak.")
    String text;

    @Option(names = "--voice-id", paramLabel = "ID", required = true, description = "The built-in voice.")
    String voiceId;

    @Option(names = "--voice-language", paramLabel = "zh|en", required = true,
        converter = Converters.LanguageConverter.class, description = "The voice's language.")
    VoiceLanguage language;

    @Option(names = "--voice-speed", paramLabel = "X", description = "The voice's speed, 0.8 to 2.0. Default: 1.")
    @Nullable Double speed;
  }

  @Override
  public Integer call() {
    RunReport report;
    try (Progress progress = Progress.on(io.err(), io.interactive())) {
      report = run(progress);
    }
    print(report);
    return report.exitCode();
  }

  private RunReport run(Progress progress) {
    LipSyncJob job;
    GatewaySetup setup;
    StoreSetup jobs;
    PollSchedule polls = pollInterval == null ? PollSchedule.defaults() : PollSchedule.defaults().withFirstDelay(pollInterval);
    try (SystemScheduler scheduler = new SystemScheduler()) {
      try {
        job = job();
        setup = GatewaySetup.of(io.env(), vendors, "--vendor", positive("--request-timeout", requestTimeout), polls, scheduler,
            verbose ? new HttpTrace(progress) : null);
        // Last, so that nothing is left open when the input is refused.
        jobs = store.open(io);
      } catch (InputError e) {
        return RunReport.refused(e);
      } catch (InvalidRequestException e) {
        return RunReport.failed(e, List.of(), null, null);
      }
      try (jobs;
          LipSyncGateway gateway = setup.gateway(scheduler, new SimpleMeterRegistry(), polls,
              // A run carries its own job only; other unfinished jobs are `resume`'s to take up.
              b -> b.strategy(strategy).jobStore(jobs.store()).recoverJobs(false));
          InFlight inFlight = InFlight.watch(job.idempotencyKey(), progress, io.err())) {
        Optional<JobRecord> held = idempotencyKey == null ? Optional.empty() : jobs.store().find(idempotencyKey);
        JobHandle handle;
        if (held.isPresent()) {
          // One key is one job: the same job again is that job, answered as it ended or goes on.
          if (!unmeasured(held.get().job()).equals(unmeasured(job))) {
            return RunReport.refused(new InputError("--idempotency-key " + idempotencyKey + ": the job store holds"
                + " another job under this key (" + held.get().state() + "); one key is one job, so nothing"
                + " was sent"));
          }
          progress.note("job " + idempotencyKey + " is in the job store already (" + held.get().state()
              + "): " + (held.get().state().isTerminal() ? "its outcome follows" : "waiting for it"));
          try {
            handle = ResumeCommand.takeUp(gateway, idempotencyKey, "--idempotency-key " + idempotencyKey)
                .orElseThrow();
          } catch (InputError e) {
            return RunReport.refused(e);
          }
        } else {
          handle = gateway.run(job, inFlight);
        }
        RunReport report = RunReport.awaited(handle);
        return output == null || report.exitCode() != ExitCodes.SUCCEEDED ? report : download(report);
      } catch (JobStoreException e) {
        return RunReport.failed(e, List.of(), null, job.idempotencyKey());
      }
    }
  }

  /**
   * {@code job} as it was asked: a job in the store has its audio measured, which the same job asked
   * again has not yet.
   */
  private static LipSyncJob unmeasured(LipSyncJob job) {
    List<Dub> dubs = job.dubs().stream().map(dub -> new Dub(dub.face(), dub.audio(), dub.clip(), dub.insertAtMs(),
        dub.volume(), dub.originalVolume(), null)).toList();
    return new LipSyncJob(job.video(), dubs, job.callbackUrl(), job.idempotencyKey(), job.timeout(),
        job.preferredVendors(), job.excludedVendors(), job.watermark(), job.faceMatch(),
        job.chaining());
  }

  private LipSyncJob job() {
    if (output != null && Files.exists(output) && !Files.isRegularFile(output)) {
      throw new InputError("--output " + output + ": exists and is not a regular file (a directory, a device or a"
          + " pipe); the video is written to a regular file only");
    }
    if (!faces.isEmpty() && faceImage != null) {
      throw new InputError("--face and --face-image: give one, the face by its number or by its picture");
    }
    if (faces.size() > 1 && faces.stream().anyMatch(f -> f instanceof FaceSelector.All)) {
      throw new InputError("--face all: every face already; give it alone, or the faces by number");
    }
    LipSyncJob.Builder job = LipSyncJob.builder().video(video.source()).faceMatch(faceMatch).chaining(!noChaining);
    List<FaceSelector> chosen = !faces.isEmpty() ? faces
        : List.of(faceImage != null ? FaceSelector.lookingLike(faceImage) : FaceSelector.unnamed());
    AudioSource audio = audioSource();
    for (FaceSelector face : chosen) {
      job.dub(dub(face, audio));
    }
    job.watermark(watermark);
    if (callbackUrl != null) {
      job.callbackUrl(callbackUrl);
    }
    if (idempotencyKey != null) {
      job.idempotencyKey(idempotencyKey);
    }
    if (timeout != null) {
      job.timeout(timeout);
    }
    return job.build();
  }

  /** One face saying the audio, with the clip, place and volumes the options give. */
  private Dub dub(FaceSelector face, AudioSource audio) {
    Dub.Builder dub = Dub.builder().face(face).audio(audio);
    if (audioStartMs != null || audioEndMs != null) {
      if (audioStartMs == null || audioEndMs == null) {
        throw new InputError("--audio-start-ms and --audio-end-ms: give both to clip the audio, or neither");
      }
      dub.clip(audioStartMs, audioEndMs);
    }
    if (insertAtMs != null) {
      dub.insertAtMs(insertAtMs);
    }
    if (volume != null) {
      dub.volume(volume);
    }
    if (originalVolume != null) {
      dub.originalVolume(originalVolume);
    }
    return dub.build();
  }

  private AudioSource audioSource() {
    if (audio.url != null) {
      return AudioSource.url(audio.url);
    }
    if (audio.id != null) {
      return AudioSource.vendorAudio(audio.id);
    }
    if (audio.file != null) {
      return AudioSource.bytes(read(audio.file), AudioFormat.fromFileName(audio.file.getFileName().toString()));
    }
    SpeechOptions speech = audio.speech;
    AudioSource.Speech spoken = AudioSource.speech(speech.text, speech.voiceId, speech.language);
    return speech.speed == null ? spoken : spoken.withSpeed(speech.speed);
  }

  /**
   * The file's bytes, reading at most one byte more than vendors take. Only a regular file is opened:
   * opening a FIFO blocks until a writer comes, and a device such as {@code /dev/zero} never ends.
   */
  private static byte[] read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputError("--audio-file " + file + ": " + (Files.exists(file)
          ? "not a regular file (a directory, a device or a pipe); the audio is read from a regular file only"
          : "no such file"));
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(AudioSource.MAX_BYTES + 1);
      if (bytes.length > AudioSource.MAX_BYTES) {
        throw new InputError("--audio-file " + file + ": more than the " + AudioSource.MAX_BYTES
            + " bytes (5 MB) vendors take; give it by --audio-url instead");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new InputError("--audio-file " + file + ": no such file");
    } catch (IOException e) {
      throw new InputError("--audio-file " + file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static @Nullable Duration positive(String option, @Nullable Duration value) {
    if (value != null && (value.isZero() || value.isNegative())) {
      throw new InputError(option + " " + value.toMillis() + "ms: must be more than 0");
    }
    return value;
  }

  /** Downloads the first video to {@code --output}; a failure leaves the job succeeded but exits 1. */
  private RunReport download(RunReport report) {
    if (report.videos().isEmpty()) {
      return report;
    }
    try {
      ResultDownloader.builder().allowPrivateNetworks(GatewaySetup.allowsPrivateNetworks(io.env())).build()
          .download(report.videos().get(0), output);
      return report;
    } catch (IOException e) {
      return new RunReport(report.state(), report.vendor(), report.taskRef(), report.videos(), report.faceRules(),
          report.steps(), report.attempts(),
          report.estimatedCostUsd(), report.billedUnits(), report.idempotencyKey(),
          new RunReport.Failure("download", "--output " + output + ": " + e.getMessage()), ExitCodes.OTHER);
    }
  }

  private void print(RunReport report) {
    if (json) {
      io.out().println(JsonReport.run(report));
    } else if (report.exitCode() != ExitCodes.INVALID_INPUT) {
      // Refused input has nothing to report but the error itself, on standard error.
      io.out().print(TextReport.run(report, output));
    }
    if (report.error() != null) {
      io.err().println("lipsync run: " + report.error().message());
    }
    io.out().flush();
    io.err().flush();
  }
}

package dev.lipsync.core.gateway;

import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A job dubbed as a chain of tasks at one vendor, which dubs fewer faces per task than the job names
 * ({@link LipSyncJob#chaining()}): the first step dubs its faces on the job's video, each next step its
 * own on the video the step before made, and the last step's video is the job's. Planned, with its cost,
 * before the first step is paid; a step once paid is never sent again, and the job does not move to
 * another vendor once a step is finished. Thread-safe.
 */
final class Chain {
  private final Vendor vendor;
  /** For each step, the indexes of the job's dubs it dubs. */
  private final List<List<Integer>> steps;
  private final List<ChainStep> finished = new ArrayList<>();
  /** What the vendor reported it billed for the finished steps, or null once a step did not say. */
  private @Nullable BigDecimal billed = BigDecimal.ZERO;

  Chain(Vendor vendor, List<List<Integer>> steps) {
    this.vendor = vendor;
    this.steps = List.copyOf(steps);
  }

  /**
   * The chain of a job whose record shows it under way at {@code vendor}: its steps planned again as
   * the first gateway planned them (one face per dub, the vendor's faces per task), the steps whose
   * tasks succeeded finished, their videos unknown here; null if the vendor dubs the job in one task.
   */
  static @Nullable Chain recovered(Vendor vendor, LipSyncJob job, List<Attempt> attempts) {
    int perTask = facesPerTask(vendor.provider().capabilities(), job);
    if (perTask <= 0 || job.dubs().size() <= perTask) {
      return null;
    }
    List<List<Integer>> steps = new ArrayList<>();
    for (int from = 0; from < job.dubs().size(); from += perTask) {
      steps.add(IntStream.range(from, Math.min(from + perTask, job.dubs().size())).boxed().toList());
    }
    Chain chain = new Chain(vendor, steps);
    for (Attempt attempt : attempts) {
      if (attempt.vendor().equals(vendor.id()) && attempt.outcome() == Attempt.Outcome.SUCCEEDED
          && attempt.taskRef() != null && chain.finished.size() < steps.size() - 1) {
        chain.finish(attempt.taskRef(), List.of(), List.of(), null);
      }
    }
    return chain;
  }

  /** How many faces one task of the vendor dubs for the job, or 0 when no mode serves it. */
  static int facesPerTask(Capabilities capabilities, LipSyncJob job) {
    return capabilities.modesFor(job).stream().mapToInt(Capabilities.Mode::maxFaces).max().orElse(0);
  }

  Vendor vendor() {
    return vendor;
  }

  int size() {
    return steps.size();
  }

  /** The number of the step under way, from 1. */
  synchronized int number() {
    return finished.size() + 1;
  }

  /** The dubs of the step under way. */
  synchronized List<Integer> dubs() {
    return steps.get(finished.size());
  }

  synchronized boolean lastStep() {
    return finished.size() == steps.size() - 1;
  }

  /** Whether a step was paid and finished: the job then stays at this vendor. */
  synchronized boolean started() {
    return !finished.isEmpty();
  }

  synchronized List<ChainStep> finished() {
    return List.copyOf(finished);
  }

  /** The video the step under way dubs: the job's, or the one the last finished step made. */
  synchronized VideoSource video(LipSyncJob job) {
    for (int i = finished.size() - 1; i >= 0; i--) {
      List<ResultVideo> videos = finished.get(i).videos();
      if (!videos.isEmpty()) {
        return VideoSource.url(videos.get(0).url().toString());
      }
    }
    return job.video();
  }

  /**
   * The idempotency key of the step under way: the job's for the first, {@code <key>-step<n>} for the
   * others, so that a vendor that keeps keys (Kling's {@code external_task_id}) takes each step as the
   * new task it is.
   */
  synchronized String key(String jobKey) {
    return finished.isEmpty() ? jobKey : jobKey + "-step" + number();
  }

  /** The step under way finished: its task made {@code videos}. */
  synchronized ChainStep finish(TaskRef ref, List<ResultVideo> videos, List<String> faceRules,
      @Nullable BigDecimal billedUnits) {
    ChainStep step = new ChainStep(number(), ref, videos, faceRules);
    finished.add(step);
    billed = billed == null || billedUnits == null ? null : billed.add(billedUnits);
    return step;
  }

  /** The videos of the last finished step, asked of the vendor again after a restart. */
  synchronized void videosOfLastStep(List<ResultVideo> videos) {
    ChainStep last = finished.remove(finished.size() - 1);
    finished.add(new ChainStep(last.number(), last.taskRef(), videos, last.faceRules()));
  }

  /** What the vendor reported it billed for every step with {@code last}'s, or null where one did not say. */
  synchronized @Nullable BigDecimal billed(@Nullable BigDecimal last) {
    return billed == null || last == null ? null : billed.add(last);
  }

  /** The estimated cost of the whole chain: an identification and the job's audio per step, or empty. */
  java.util.Optional<BigDecimal> estimate(LipSyncJob job) {
    return vendor.provider().pricing().estimate(steps.size(), Pricing.billableAudio(job));
  }

  /** The plan in words, e.g. {@code "2 tasks at cometapi, about $0.1526"}. */
  String plan(LipSyncJob job) {
    return steps.size() + " tasks at " + vendor.id() + ", one after the other, each on the last one's video"
        + estimate(job).map(cost -> ", about $" + cost.toPlainString()).orElse(" (its price is unknown)");
  }
}

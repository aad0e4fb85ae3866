package dev.lipsync.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One paid task of a job dubbed as a chain ({@link LipSyncJob#chaining()}): a vendor that dubs fewer
 * faces per task than the job names dubs the first faces on the job's video, the next on that task's
 * video, and so on; the last task's video is the job's.
 *
 * @param number the step's number, from 1
 * @param taskRef the step's task
 * @param videos what the task made: the video the next step dubs
 * @param faceRules for each dub this step did, how its face was found
 */
public record ChainStep(int number, TaskRef taskRef, List<ResultVideo> videos, List<String> faceRules) {

  public ChainStep {
    if (number < 1) {
      throw new IllegalArgumentException("number < 1: " + number);
    }
    Objects.requireNonNull(taskRef, "taskRef == null");
    videos = List.copyOf(videos);
    faceRules = List.copyOf(faceRules);
  }

  /** The step in a line: {@code "step 1: cometapi:123 made https://.../v.mp4"}. */
  @Override
  public String toString() {
    return "step " + number + ": " + taskRef + (videos.isEmpty() ? "" : " made " + videos.get(0).url());
  }
}

package dev.lipsync.core.model;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A lip-sync job: a video, the dubs to apply to its faces, and how to run it. Say what you want; the
 * gateway decides which vendor does it.
 *
 * <pre>{@code
 * LipSyncJob job = LipSyncJob.builder()
 *     .videoUrl("https://example.com/interview.mp4")
 *     .dub(Dub.of(AudioSource.url("https://example.com/answer.mp3")))
 *     .timeout(Duration.ofMinutes(15))
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks every limit the vendors document (clip length, volumes, text
 * length, voice speed, file size and format, one audio per face) and throws {@link
 * dev.lipsync.core.error.InvalidRequestException} naming each field, its value and the rule it breaks.
 * A job that exists will not be refused by a vendor for its shape, and a job that could not be built
 * never cost a request.
 *
 * <p>Every job carries an idempotency key, given or generated once when it is built. The gateway sends
 * it where the vendor takes one, so that the same job is never paid twice.
 *
 * @param video the video
 * @param dubs one or more dubs, at most one per face
 * @param callbackUrl where the vendor should post status changes, or null to rely on polling
 * @param idempotencyKey the job's key, unique per job
 * @param timeout how long the whole job may take, or null for the gateway's default
 * @param preferredVendors vendors to use, in this order; empty to let the gateway's strategy choose
 * @param excludedVendors vendors never to use
 * @param watermark whether the vendor should also make a copy of the video with its watermark
 *     (Kling's {@code watermark_info}); off by default, and a job that asks goes only to a vendor that can
 * @param faceMatch how surely a face the job names must be found at a vendor for the vendor to dub it
 *     ({@link FaceMatch#PICTURE} by default: exactly or by its picture)
 * @param chaining whether a vendor that dubs fewer faces per task than the job names may dub them in a
 *     chain of tasks, each on the previous one's video (on by default; each task is paid)
 */
public record LipSyncJob(
    VideoSource video,
    List<Dub> dubs,
    @Nullable URI callbackUrl,
    String idempotencyKey,
    @Nullable Duration timeout,
    List<String> preferredVendors,
    Set<String> excludedVendors,
    boolean watermark,
    FaceMatch faceMatch,
    boolean chaining) {

  public LipSyncJob {
    Objects.requireNonNull(video, "video == null");
    dubs = List.copyOf(dubs);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    preferredVendors = List.copyOf(preferredVendors);
    excludedVendors = Set.copyOf(excludedVendors);
    Objects.requireNonNull(faceMatch, "faceMatch == null");
  }

  /**
   * Shows the callback URL without its path and query: a callback URL usually carries the secret that
   * proves a callback genuine, and a job gets logged.
   */
  @Override
  public String toString() {
    return "LipSyncJob[video=" + video + ", dubs=" + dubs + ", callbackUrl=" + redacted(callbackUrl)
        + ", idempotencyKey=" + idempotencyKey + ", timeout=" + timeout + ", preferredVendors="
        + preferredVendors + ", excludedVendors=" + excludedVendors + ", watermark=" + watermark
        + ", faceMatch=" + faceMatch + ", chaining=" + chaining + "]";
  }

  /**
   * {@code url} with its path and query replaced by {@code /****}, e.g. {@code https://example.com/****};
   * for printing callback URLs, whose path or query holds a secret.
   */
  public static @Nullable String redacted(@Nullable URI url) {
    if (url == null) {
      return null;
    }
    return url.getScheme() + "://" + url.getRawAuthority() + "/****";
  }

  /**
   * This job with other dubs, for example the same dubs with their audio's length measured; the same
   * job otherwise (its idempotency key included), and checked as {@link Builder#build()} checks.
   *
   * @throws dev.lipsync.core.error.InvalidRequestException naming every dub setting that breaks a rule
   */
  public LipSyncJob withDubs(List<Dub> dubs) {
    Constraints constraints = new Constraints();
    constraints.checkDubs(dubs);
    constraints.throwIfAny();
    return new LipSyncJob(
        video, dubs, callbackUrl, idempotencyKey, timeout, preferredVendors, excludedVendors, watermark,
        faceMatch, chaining);
  }

  /** Starts a job; a video and at least one dub are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LipSyncJob}, validating it as a whole in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final List<VideoSource> videos = new ArrayList<>(1);
    private final List<Dub> dubs = new ArrayList<>();
    private @Nullable String callbackUrl;
    private @Nullable String idempotencyKey;
    private @Nullable Duration timeout;
    private final List<String> preferredVendors = new ArrayList<>();
    private final Set<String> excludedVendors = new LinkedHashSet<>();
    private boolean watermark;
    private FaceMatch faceMatch = FaceMatch.PICTURE;
    private boolean chaining = true;

    private Builder() {}

    /** The video, by public URL. Give exactly one video. */
    public Builder videoUrl(String url) {
      return video(VideoSource.url(url));
    }

    /** The video, by the vendor's (Kling's) video id. Give exactly one video. */
    public Builder videoId(String videoId) {
      return video(VideoSource.vendorVideo(videoId));
    }

    /** The video. Give exactly one video. */
    public Builder video(VideoSource video) {
      videos.add(Objects.requireNonNull(video, "video == null"));
      return this;
    }

    /** Adds a dub; faces are matched to dubs by each dub's {@link FaceSelector}. */
    public Builder dub(Dub dub) {
      dubs.add(Objects.requireNonNull(dub, "dub == null"));
      return this;
    }

    /** The first face to appear says {@code audio}. */
    public Builder audio(AudioSource audio) {
      return dub(Dub.of(audio));
    }

    /** Where the vendor posts status changes; polling remains the safety net. */
    public Builder callbackUrl(String callbackUrl) {
      this.callbackUrl = Objects.requireNonNull(callbackUrl, "callbackUrl == null");
      return this;
    }

    /**
     * The job's idempotency key. Give your own to make a retried {@code run} of the same job, even from
     * another process, recognisable to vendors that take keys; otherwise one is generated.
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
      return this;
    }

    /** How long the whole job may take, from identification to the finished video. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /** Vendors to use, in order of preference; the job goes to no other. One vendor pins the job. */
    public Builder preferVendors(String... vendors) {
      for (String vendor : vendors) {
        preferredVendors.add(Objects.requireNonNull(vendor, "vendor == null"));
      }
      return this;
    }

    /**
     * Whether the vendor should also make a copy of the video with its watermark, found at {@link
     * ResultVideo#watermarkUrl()}. Off by default.
     */
    public Builder watermark(boolean watermark) {
      this.watermark = watermark;
      return this;
    }

    /**
     * How surely a face a dub names must be found at a vendor; {@link FaceMatch#PICTURE} unless set
     * (exactly or by its picture). {@link FaceMatch#ANY} lets a vendor without times or pictures dub its
     * best guess, which may be another person; {@link FaceMatch#EXACT} refuses picture matches too.
     */
    public Builder faceMatch(FaceMatch faceMatch) {
      this.faceMatch = Objects.requireNonNull(faceMatch, "faceMatch == null");
      return this;
    }

    /**
     * Whether the job's faces may be dubbed in a chain of tasks at a vendor that dubs fewer per task
     * (Kling, and every reseller of it, dubs one person per task): the first face on the video, the
     * next on the first task's video, and so on, each a paid task, the plan and its estimated cost known
     * before the first. On unless set; off, such a vendor is not used for a job of several faces.
     */
    public Builder chaining(boolean chaining) {
      this.chaining = chaining;
      return this;
    }

    /** Vendors never to use for this job. */
    public Builder excludeVendors(String... vendors) {
      for (String vendor : vendors) {
        excludedVendors.add(Objects.requireNonNull(vendor, "vendor == null"));
      }
      return this;
    }

    /**
     * Validates and builds the job.
     *
     * @throws dev.lipsync.core.error.InvalidRequestException naming every field that breaks a rule
     */
    public LipSyncJob build() {
      Constraints constraints = new Constraints();
      VideoSource video = constraints.checkVideo(videos);
      URI callback = constraints.checkCallbackUrl(callbackUrl);
      String key = idempotencyKey != null ? idempotencyKey : "lipsync-" + UUID.randomUUID();
      constraints.checkIdempotencyKey(key);
      constraints.checkTimeout(timeout);
      constraints.checkDubs(dubs);
      constraints.checkVendors(preferredVendors, excludedVendors);
      constraints.throwIfAny();
      return new LipSyncJob(
          video, dubs, callback, key, timeout, preferredVendors, excludedVendors, watermark, faceMatch,
          chaining);
    }
  }
}

package dev.lipsync.core.model;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The video whose faces are to speak: a public URL any vendor can fetch, or a video the vendor (Kling)
 * generated earlier, known by its id.
 */
public sealed interface VideoSource permits VideoSource.Url, VideoSource.VendorVideo {

  /** The kind of this source, as capabilities speak of it. */
  VideoKind kind();

  /** The kinds of video source, one per variant. */
  enum VideoKind {
    URL,
    VENDOR_VIDEO
  }

  /** A public video by URL ({@code .mp4}/{@code .mov}, 2–60 s, up to 100 MB at the vendor). */
  static Url url(String url) {
    return new Url(Urls.httpUrl("video.url", url));
  }

  /** A Kling video known by id, at any vendor that accepts Kling video ids. */
  static VendorVideo vendorVideo(String videoId) {
    return new VendorVideo(videoId, null, null);
  }

  /** A publicly reachable video. */
  record Url(URI url) implements VideoSource {
    public Url {
      Objects.requireNonNull(url, "url == null");
    }

    @Override
    public VideoKind kind() {
      return VideoKind.URL;
    }
  }

  /**
   * A video known to the vendor by id.
   *
   * @param videoId the vendor's video id
   * @param taskId the id of the task that generated the video, which some endpoints require beside the
   *     video id; null when unknown
   * @param vendor the only vendor where this id is valid, or null if it is a Kling id valid wherever
   *     Kling ids are taken
   */
  record VendorVideo(String videoId, @Nullable String taskId, @Nullable String vendor)
      implements VideoSource {
    public VendorVideo {
      Objects.requireNonNull(videoId, "videoId == null");
    }

    @Override
    public VideoKind kind() {
      return VideoKind.VENDOR_VIDEO;
    }

    /** The same video, with the id of the task that generated it. */
    public VendorVideo withTaskId(String taskId) {
      return new VendorVideo(videoId, Objects.requireNonNull(taskId, "taskId == null"), vendor);
    }

    /** The same video, valid only at {@code vendor}. */
    public VendorVideo at(String vendor) {
      return new VendorVideo(videoId, taskId, Objects.requireNonNull(vendor, "vendor == null"));
    }
  }
}

package dev.lipsync.core.gateway;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the vendors for a job: those configured that can serve it, whose circuit is closed, in the
 * order of the job's preferences and then the strategy. Says, vendor by vendor, why the others cannot.
 */
final class Router {
  private final List<Vendor> vendors;
  private final RoutingStrategy strategy;
  private final DoubleSupplier random;

  Router(List<Vendor> vendors, RoutingStrategy strategy, DoubleSupplier random) {
    this.vendors = List.copyOf(vendors);
    this.strategy = strategy;
    this.random = random;
  }

  /** The ids of the vendors, in priority order. */
  java.util.Set<String> vendorIds() {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    vendors.forEach(v -> ids.add(v.id()));
    return java.util.Collections.unmodifiableSet(ids);
  }

  /**
   * The vendors to try, in order.
   *
   * @throws NotSupportedException when none can serve the job, naming each vendor's reason
   */
  List<Vendor> route(LipSyncJob job) {
    Map<String, String> refused = new LinkedHashMap<>();
    List<Vendor> able = new ArrayList<>();
    for (String preferred : job.preferredVendors()) {
      if (vendors.stream().noneMatch(v -> v.id().equals(preferred))) {
        refused.put(preferred, "not configured");
      }
    }
    for (Vendor vendor : vendors) {
      Optional<String> reason = whyNot(vendor, job);
      if (reason.isPresent()) {
        refused.put(vendor.id(), reason.get());
      } else {
        able.add(vendor);
      }
    }
    if (able.isEmpty()) {
      StringBuilder why = new StringBuilder("no configured vendor can serve this job");
      refused.forEach((vendor, reason) -> why.append("; ").append(vendor).append(": ").append(reason));
      if (vendors.isEmpty()) {
        why.append(" (no vendor is configured)");
      }
      throw new NotSupportedException(null, why.toString());
    }
    List<Vendor> ordered = order(able, job);
    if (!job.preferredVendors().isEmpty()) {
      ordered.sort(Comparator.comparingInt(v -> job.preferredVendors().indexOf(v.id())));
    }
    return ordered;
  }

  /**
   * The vendors that can identify the faces of a video, in priority order.
   *
   * @throws NotSupportedException when none can
   */
  List<Vendor> routeVideo(VideoSource video) {
    List<Vendor> able = vendors.stream()
        .filter(v -> !v.circuitOpen())
        .filter(v -> !(video instanceof VideoSource.VendorVideo bound) || bound.vendor() == null
            || bound.vendor().equals(v.id()))
        .filter(v -> v.provider().capabilities().modes().stream().anyMatch(m -> m.videos().contains(video.kind())))
        .toList();
    if (able.isEmpty()) {
      throw new NotSupportedException(null, "no configured vendor with a closed circuit takes a "
          + (video.kind() == VideoSource.VideoKind.URL ? "video by URL" : "video by vendor video id"));
    }
    return able;
  }

  private static Optional<String> whyNot(Vendor vendor, LipSyncJob job) {
    if (job.excludedVendors().contains(vendor.id())) {
      return Optional.of("excluded by the job");
    }
    if (!job.preferredVendors().isEmpty() && !job.preferredVendors().contains(vendor.id())) {
      return Optional.of("not among the job's vendors");
    }
    String boundTo = boundVendor(job);
    if (boundTo != null && !boundTo.equals(vendor.id())) {
      return Optional.of("the job's video or audio id is valid only at " + boundTo);
    }
    Optional<String> capability = vendor.provider().capabilities().whyNot(job);
    if (capability.isPresent()) {
      return capability;
    }
    return vendor.circuitOpen() ? Optional.of("circuit open after repeated failures") : Optional.empty();
  }

  /** The vendor a vendor-specific id in the job ties it to, or null. */
  private static @Nullable String boundVendor(LipSyncJob job) {
    if (job.video() instanceof VideoSource.VendorVideo video && video.vendor() != null) {
      return video.vendor();
    }
    for (Dub dub : job.dubs()) {
      if (dub.audio() instanceof AudioSource.VendorAudioId audio && audio.vendor() != null) {
        return audio.vendor();
      }
    }
    return null;
  }

  /**
   * What {@code job} would cost at {@code vendor}: its identification and lip-sync, and each text the
   * vendor would speak first by a call of its own (Kling's text to speech), as the job's estimate will
   * count them; empty where a price needed is unknown, so such a vendor is never taken for the cheapest.
   */
  private static Optional<BigDecimal> estimate(Vendor vendor, LipSyncJob job) {
    List<Capabilities.Mode> modes = vendor.provider().capabilities().modesFor(job);
    int speeches = !modes.isEmpty() && modes.get(0).speechFirst()
        ? (int) job.dubs().stream().filter(dub -> dub.audio() instanceof AudioSource.Speech).count() : 0;
    return vendor.provider().pricing().estimate(1, Pricing.billableAudio(job), speeches);
  }

  private List<Vendor> order(List<Vendor> able, LipSyncJob job) {
    List<Vendor> ordered = new ArrayList<>(able);
    switch (strategy) {
      case PRIORITY -> { }
      case CHEAPEST -> ordered.sort(Comparator.comparing(
          (Vendor v) -> estimate(v, job).orElse(null),
          Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())));
      // Unmeasured vendors first (a stable sort keeps their priority order), so each gets measured.
      case LOWEST_LATENCY -> ordered.sort(Comparator.comparingLong(v -> Math.max(-1, v.latencyNanos())));
      case WEIGHTED_RANDOM -> {
        List<Vendor> pool = new ArrayList<>(ordered);
        ordered.clear();
        while (!pool.isEmpty()) {
          ordered.add(pool.remove(pickWeighted(pool)));
        }
      }
    }
    return ordered;
  }

  private int pickWeighted(List<Vendor> pool) {
    double total = pool.stream().mapToDouble(Vendor::weight).sum();
    double point = random.getAsDouble() * total;
    for (int i = 0; i < pool.size(); i++) {
      point -= pool.get(i).weight();
      if (point < 0) {
        return i;
      }
    }
    return pool.size() - 1;
  }
}

package dev.lipsync.examples;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.kling.KlingProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The vendors an example talks to, and how often it asks them how a task stands: the real vendors whose
 * keys the environment holds, or, when it holds none, the {@link Simulators} started in-process.
 *
 * <pre>{@code
 * try (Vendors vendors = Vendors.fromEnvironment(System.getenv())) {
 *   LipSyncGateway.Builder gateway = LipSyncGateway.builder()
 *       .scheduler(vendors.scheduler())
 *       .pollSchedule(vendors.taskPolls());
 *   vendors.providers().forEach(gateway::provider);
 * }
 * }</pre>
 *
 * <p>An application needs none of this: {@code XProvider.fromEnvironment(env)} per vendor, and the
 * gateway's own scheduler and poll schedule, which suit the real vendors. The examples pass a scheduler
 * and schedules so that tests run them at once, without waiting on the clock. Immutable and thread-safe;
 * {@link #close()} stops what {@link #fromEnvironment} started.
 */
public final class Vendors implements AutoCloseable {
  /** The simulators' tasks end on their second poll: poll briskly, but slowly enough to watch. */
  private static final PollSchedule SIMULATOR_PACE =
      new PollSchedule(Duration.ofMillis(300), 1.5, Duration.ofSeconds(1), 0.2);
  private static final List<String> KEY_VARIABLES = List.of(
      CometApiProvider.KEY_VARIABLE, ApiModelsProvider.KEY_VARIABLE, AladProvider.KEY_VARIABLE,
      KlingProvider.ACCESS_KEY_VARIABLE);

  private final Map<String, String> environment;
  private final TaskScheduler scheduler;
  private final PollSchedule taskPolls;
  private final PollSchedule identifyPolls;
  private final @Nullable Simulators simulators;
  private final List<Runnable> closers;

  private Vendors(
      Map<String, String> environment,
      TaskScheduler scheduler,
      PollSchedule taskPolls,
      PollSchedule identifyPolls,
      @Nullable Simulators simulators,
      List<Runnable> closers) {
    this.environment = Map.copyOf(environment);
    this.scheduler = scheduler;
    this.taskPolls = taskPolls;
    this.identifyPolls = identifyPolls;
    this.simulators = simulators;
    this.closers = List.copyOf(closers);
  }

  /**
   * The real vendors whose keys {@code env} holds, polled as the library does by default; or, when it
   * holds no key, the simulators, started here and polled briskly. Either way on a scheduler of its
   * own; {@link #close()} stops it and the simulators.
   */
  public static Vendors fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env == null");
    SystemScheduler scheduler = new SystemScheduler();
    if (namesAVendor(env)) {
      return new Vendors(env, scheduler, PollSchedule.defaults(),
          ApiModelsProvider.DEFAULT_IDENTIFY_POLL_SCHEDULE, null, List.of(scheduler::close));
    }
    Simulators simulators = Simulators.start(scheduler);
    return new Vendors(simulators.environment(), scheduler, SIMULATOR_PACE, SIMULATOR_PACE,
        simulators, List.of(simulators::close, scheduler::close));
  }

  /**
   * The given simulators, on {@code scheduler}, polling tasks on {@code taskPolls} and apimodels'
   * identify tasks on {@code identifyPolls}. Tests use it; {@link #close()} closes neither.
   */
  public static Vendors simulated(
      Simulators simulators, TaskScheduler scheduler, PollSchedule taskPolls, PollSchedule identifyPolls) {
    return new Vendors(
        simulators.environment(),
        Objects.requireNonNull(scheduler, "scheduler == null"),
        Objects.requireNonNull(taskPolls, "taskPolls == null"),
        Objects.requireNonNull(identifyPolls, "identifyPolls == null"),
        simulators,
        List.of());
  }

  /** Whether {@code env} holds the key of at least one vendor (a blank value counts as none). */
  public static boolean namesAVendor(Map<String, String> env) {
    return KEY_VARIABLES.stream().anyMatch(key -> isSet(env, key));
  }

  private static boolean isSet(Map<String, String> env, String key) {
    String value = env.get(key);
    return value != null && !value.isBlank();
  }

  /** The environment the providers are configured from: the process's, or one pointing at the simulators. */
  public Map<String, String> environment() {
    return environment;
  }

  /** The scheduler (and clock) for polls and delays. */
  public TaskScheduler scheduler() {
    return scheduler;
  }

  /** When to poll a submitted task's status. */
  public PollSchedule taskPolls() {
    return taskPolls;
  }

  /**
   * The audio the examples' jobs say: on the simulators, the file they serve; on real vendors, {@code
   * LIPSYNC_AUDIO_URL} from the environment, else a placeholder to replace with a file of your own
   * (the gateway fetches it to measure it before paying).
   */
  public String audioUrl() {
    if (simulators != null) {
      return simulators.alad().audioUrl();
    }
    String url = environment.get("LIPSYNC_AUDIO_URL");
    return url == null || url.isBlank() ? "https://example.com/answer.mp3" : url;
  }

  /** The simulators, when the examples run on them. */
  public Optional<Simulators> simulators() {
    return Optional.ofNullable(simulators);
  }

  /**
   * A provider for every vendor the environment configures, in the order cometapi, apimodels, alad,
   * kling.
   */
  public List<LipSyncProvider> providers() {
    List<LipSyncProvider> providers = new ArrayList<>();
    CometApiProvider.fromEnvironment(environment).ifPresent(providers::add);
    apiModels().ifPresent(providers::add);
    AladProvider.fromEnvironment(environment).ifPresent(providers::add);
    KlingProvider.fromEnvironment(environment).ifPresent(providers::add);
    return providers;
  }

  /**
   * apimodels, when configured. It runs face identification as a task of its own and polls it on the
   * scheduler its builder is given, so it is built here on this scheduler rather than by {@link
   * ApiModelsProvider#fromEnvironment(Map)}, which polls on a default one.
   */
  public Optional<ApiModelsProvider> apiModels() {
    return ApiModelsProvider.builder()
        .scheduler(scheduler)
        .identifyPollSchedule(identifyPolls)
        .fromEnvironment(environment)
        .map(builder -> builder.variantFromEnvironment(environment).build());
  }

  /** Stops what {@link #fromEnvironment} started. */
  @Override
  public void close() {
    closers.forEach(Runnable::run);
  }

  /** Says which vendors, never a key. */
  @Override
  public String toString() {
    if (simulators != null) {
      return "the simulators (no vendor key is set)";
    }
    List<String> keys = KEY_VARIABLES.stream().filter(key -> isSet(environment, key)).toList();
    return "the real vendors whose keys are set (" + String.join(", ", keys) + ")";
  }
}

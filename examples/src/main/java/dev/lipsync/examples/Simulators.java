package dev.lipsync.examples;

import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.VendorSimulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three vendors' simulators, started in-process on loopback, and the environment variables that
 * point the library at them. The examples and {@code lipsync demo} run on these when no key is set, so
 * they need no account and no network.
 *
 * <pre>{@code
 * try (Simulators simulators = Simulators.start(scheduler)) {
 *   Map<String, String> env = simulators.environment();   // COMETAPI_KEY, COMETAPI_BASE_URL, ...
 *   CometApiProvider cometapi = CometApiProvider.fromEnvironment(env).orElseThrow();
 * }
 * }</pre>
 */
public final class Simulators implements AutoCloseable {
  private final CometApiSimulator cometapi;
  private final ApiModelsSimulator apimodels;
  private final AladSimulator alad;

  private Simulators(TaskScheduler clock) {
    // Each simulator accepts only its own made-up key, as each vendor would.
    this.cometapi = new CometApiSimulator("sim-cometapi-key", clock).start();
    this.apimodels = new ApiModelsSimulator("sim-apimodels-key", clock).start();
    this.alad = new AladSimulator("sim-alad-key", clock).start();
  }

  /** Starts the three simulators; their tasks age on {@code clock}. */
  public static Simulators start(TaskScheduler clock) {
    return new Simulators(clock);
  }

  /** The CometAPI simulator. */
  public CometApiSimulator cometapi() {
    return cometapi;
  }

  /** The apimodels simulator. */
  public ApiModelsSimulator apimodels() {
    return apimodels;
  }

  /** The alad simulator. */
  public AladSimulator alad() {
    return alad;
  }

  /** All three, in the order cometapi, apimodels, alad. */
  public List<VendorSimulator> all() {
    return List.of(cometapi, apimodels, alad);
  }

  /**
   * The environment a real deployment would set, pointing at the simulators: {@code <VENDOR>_KEY} and
   * {@code <VENDOR>_BASE_URL} for each vendor.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (VendorSimulator simulator : all()) {
      String prefix = simulator.vendor().toUpperCase(Locale.ROOT);
      env.put(prefix + "_KEY", simulator.apiKey());
      env.put(prefix + "_BASE_URL", simulator.baseUrl());
    }
    return env;
  }

  @Override
  public void close() {
    all().forEach(VendorSimulator::close);
  }
}

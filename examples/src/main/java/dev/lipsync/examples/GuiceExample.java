package dev.lipsync.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.kling.KlingProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.guice.GatewayModule;
import dev.lipsync.core.guice.VendorModule;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@link PlainJavaExample}'s job, with the gateway wired by Guice: each adapter's module adds its
 * vendor when its key is set, and {@link GatewayModule} provides the gateway over them, in the order
 * the modules are installed. The gateway is the one the plain builder makes, so the job goes the same
 * way.
 *
 * <p>Run it with {@code mvn -B -q exec:java -pl examples -Dexec.mainClass=dev.lipsync.examples.GuiceExample}
 * (after {@code mvn -B -q install -DskipTests}).
 */
public final class GuiceExample {
  private GuiceExample() {}

  /** Runs the example on the vendors of the process environment, or on the simulators. */
  public static void main(String[] args) {
    Example.launch(GuiceExample::run);
  }

  /** Runs {@link PlainJavaExample#job} on a gateway from Guice, printing to {@code out}. */
  public static int run(Vendors vendors, PrintStream out) {
    Map<String, String> env = vendors.environment();
    Injector injector = Guice.createInjector(
        VendorModule.of(CometApiProvider.fromEnvironment(env)),
        // An application writes VendorModule.of(ApiModelsProvider.fromEnvironment(env));
        // see Vendors.apiModels() for why not here.
        vendors.apiModels().<Module>map(VendorModule::of).orElse(Modules.EMPTY_MODULE),
        VendorModule.of(AladProvider.fromEnvironment(env)),
        VendorModule.of(KlingProvider.fromEnvironment(env)),
        new GatewayModule().configure(gateway -> gateway
            .scheduler(vendors.scheduler())
            .pollSchedule(vendors.taskPolls())));

    try (LipSyncGateway gateway = injector.getInstance(LipSyncGateway.class)) {
      return PlainJavaExample.runJob(gateway, vendors.audioUrl(), out);
    }
  }
}

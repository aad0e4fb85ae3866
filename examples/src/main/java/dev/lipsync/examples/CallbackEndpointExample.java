package dev.lipsync.examples;

import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobListener;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Vendors' callbacks, received by a {@link CallbackEndpoint} and passed to the gateway: the job carries
 * the endpoint's callback URL, the vendor posts the finished task there, and the job ends at once,
 * without waiting for the next poll (polling stays the safety net).
 *
 * <p>Only vendors that post callbacks ({@code provider.capabilities().callbacks()}) are used, and the
 * job is pinned to one of them, because its callback URL names the vendor whose callback shape to read.
 * On the simulators the example plays that vendor: the simulated task runs until the example finishes
 * it and posts the vendor's callback body to the URL the vendor was given with the task.
 *
 * <p>With real vendors, a vendor must be able to reach the endpoint: set {@code CALLBACK_PUBLIC_URL} to
 * the https URL of a tunnel or reverse proxy forwarding to {@code CALLBACK_PORT} on this machine
 * (default: any free port). Without it the vendor's callback cannot arrive, and the job ends by polling.
 * Set {@code CALLBACK_SECRET} to a stored master secret ({@link CallbackEndpoint#newMasterSecret()}) to
 * keep the callback URLs across restarts; without it each run makes a new one.
 *
 * <p>Run it with {@code mvn -B -q exec:java -pl examples -Dexec.mainClass=dev.lipsync.examples.CallbackEndpointExample}
 * (after {@code mvn -B -q install -DskipTests}).
 */
public final class CallbackEndpointExample {
  private static final String PUBLIC_URL_VARIABLE = "CALLBACK_PUBLIC_URL";
  private static final String PORT_VARIABLE = "CALLBACK_PORT";
  private static final String SECRET_VARIABLE = "CALLBACK_SECRET";

  private CallbackEndpointExample() {}

  /** Runs the example on the vendors of the process environment, or on the simulators. */
  public static void main(String[] args) {
    Example.launch(CallbackEndpointExample::run);
  }

  /** Runs one job whose end the vendor's callback reports, printing each step to {@code out}. */
  public static int run(Vendors vendors, PrintStream out) {
    List<LipSyncProvider> callingBack =
        vendors.providers().stream().filter(provider -> provider.capabilities().callbacks()).toList();
    if (callingBack.isEmpty()) {
      out.println("None of the configured vendors posts callbacks.");
      return 1;
    }
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(vendors.scheduler())
        .pollSchedule(vendors.taskPolls());
    callingBack.forEach(builder::provider);
    // On the simulators, tasks run until this program, playing the vendor, ends them and calls back.
    vendors.simulators().ifPresent(simulators -> simulators.all().forEach(s -> s.script(TaskScript.neverEnds())));

    try (LipSyncGateway gateway = builder.build();
        CallbackEndpoint endpoint = endpoint(vendors.environment(), gateway)) {
      String vendor = callingBack.get(0).id();
      out.println("Callbacks from " + vendor + " go to " + endpoint.redactedCallbackUrl(vendor));
      LipSyncJob job = LipSyncJob.builder()
          .videoUrl("https://example.com/interview.mp4")
          .audio(AudioSource.url(vendors.audioUrl()))
          .callbackUrl(endpoint.callbackUrl(vendor))
          .preferVendors(vendor)
          .build();

      CompletableFuture<TaskRef> submitted = new CompletableFuture<>();
      JobListener print = Report.events(out);
      JobHandle handle = gateway.run(job, event -> {
        print.onEvent(event);
        if (event.type() == JobEvent.Type.SUBMITTED) {
          submitted.complete(event.taskRef());
        }
      });
      if (vendors.simulators().isPresent()) {
        // The task, or the end of a job that got none.
        CompletableFuture.anyOf(submitted, handle.result()).join();
        int status = callBack(vendors.simulators().get(), submitted.join(), out);
        if (status / 100 != 2) {
          handle.cancel();
          return 1;
        }
      }
      LipSyncResult result = handle.result().join();
      Report.result(out, result);
      return 0;
    } catch (CompletionException e) {
      return Report.failed(out, e);
    }
  }

  /**
   * The endpoint on loopback, at {@code CALLBACK_PORT} and {@code CALLBACK_PUBLIC_URL}, with the master
   * secret {@code CALLBACK_SECRET}, when set.
   */
  private static CallbackEndpoint endpoint(Map<String, String> env, LipSyncGateway gateway) {
    int port = port(env.getOrDefault(PORT_VARIABLE, "0"));
    CallbackEndpoint.Builder endpoint = CallbackEndpoint.builder(gateway::onCallback)
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    String publicUrl = env.get(PUBLIC_URL_VARIABLE);
    if (publicUrl != null && !publicUrl.isBlank()) {
      endpoint.publicUrl(publicUrl);
    }
    String secret = env.get(SECRET_VARIABLE);
    if (secret != null && !secret.isBlank()) {
      try {
        endpoint.masterSecret(secret.strip());
      } catch (IllegalArgumentException e) {
        // The builder's message names the rule, never the value.
        throw new IllegalArgumentException(SECRET_VARIABLE + ": " + e.getMessage(), e);
      }
    }
    return endpoint.start();
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the rule.
    }
    throw new IllegalArgumentException(PORT_VARIABLE + " must be a port number from 0 to 65535, got \"" + text + "\"");
  }

  /**
   * Does what the vendor does when its task ends: the task finishes, and the vendor posts its callback
   * body to the URL it was given with the task. Returns the endpoint's HTTP status.
   */
  private static int callBack(Simulators simulators, TaskRef ref, PrintStream out) {
    VendorSimulator vendor = simulators.all().stream()
        .filter(simulator -> simulator.vendor().equals(ref.vendor())).findFirst().orElseThrow();
    SimulatedTask task = vendor.task(ref.taskId());
    if (task == null || !(task.request().get("callback_url") instanceof String url)) {
      throw new IllegalStateException(ref + " is unknown at the simulator, or was given no callback URL");
    }
    task.finish(true);
    out.println("  " + ref.vendor() + " finishes the task and posts its callback");
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(vendor.callbackBody(task.id())))
        .build();
    int status;
    try {
      status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException("the callback to the endpoint failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while posting the callback", e);
    }
    out.println("  the endpoint answered HTTP " + status);
    return status;
  }
}

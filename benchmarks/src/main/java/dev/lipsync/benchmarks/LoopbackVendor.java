package dev.lipsync.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * CometAPI on a loopback socket, for the start-up harnesses: every request is answered with the
 * status of a running task ({@link CannedVendor#RUNNING_JSON}). The JDK's own HTTP server, started in
 * the harness's JVM, so that neither side of a start-up comparison pays for loading the server's
 * classes: the fresh JVMs measured are given only its URL. Thread-safe.
 */
final class LoopbackVendor implements AutoCloseable {
  private static final byte[] RUNNING = CannedVendor.RUNNING_JSON.getBytes(UTF_8);

  private final HttpServer server;

  private LoopbackVendor(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on a free loopback port. */
  static LoopbackVendor start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream request = exchange.getRequestBody(); OutputStream answer = exchange.getResponseBody()) {
        request.readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, RUNNING.length);
        answer.write(RUNNING);
      }
    });
    server.start();
    return new LoopbackVendor(server);
  }

  /** The base URL, {@code http://127.0.0.1:<port>}, without a trailing slash. */
  String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

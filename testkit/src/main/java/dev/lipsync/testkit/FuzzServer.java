package dev.lipsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * The vendor of a parser fuzz test: a loopback server answering whatever body the test serves,
 * usually with a 200 and, drawn from a fixed seed, sometimes with one of the given error statuses, so
 * that a reader meets generated bodies under every status. Pair it with {@link AnswerFuzzer} for the
 * bodies and {@link ReaderTally} for the outcomes.
 */
public final class FuzzServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Random statuses;
  private final List<Integer> errorStatuses;
  private final OkHttpClient client = new OkHttpClient();
  private volatile MockResponse current;

  /**
   * A server drawing statuses from {@code seed}.
   *
   * @param errorStatuses the error statuses an answer may get instead of 200 (one in five does)
   */
  public FuzzServer(long seed, List<Integer> errorStatuses) {
    this.statuses = new Random(seed);
    this.errorStatuses = List.copyOf(errorStatuses);
    this.current = json(200, "{}");
  }

  /** Starts it, answering every request with the body last {@link #serve served}. */
  public FuzzServer start() {
    return start(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return current;
      }
    });
  }

  /** Starts it with a dispatcher of the test's own, e.g. one telling endpoints apart. */
  public FuzzServer start(Dispatcher dispatcher) {
    server.setDispatcher(dispatcher);
    server.setServerSocketFactory(new NoDelaySockets());
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Answers the next requests with {@code body} under a drawn status; returns {@code body}. */
  public String serve(String body) {
    current = answer(body);
    return body;
  }

  /** {@code body} as a JSON answer: usually a 200, sometimes a drawn error status. */
  public MockResponse answer(String body) {
    int status = statuses.nextInt(5) == 0 ? errorStatuses.get(statuses.nextInt(errorStatuses.size())) : 200;
    return json(status, body);
  }

  /** Its base URL, ending in a slash. */
  public String baseUrl() {
    return server.url("/").toString();
  }

  /** The HTTP client to give the provider under test, its own so the shared one is left alone. */
  public OkHttpClient client() {
    return client;
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
  }

  @Override
  public void close() {
    server.close();
  }
}

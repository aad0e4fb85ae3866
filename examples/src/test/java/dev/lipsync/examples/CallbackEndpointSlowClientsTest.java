package dev.lipsync.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.SimulatedTask;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hundred clients that send a byte every 100 to 200 ms, some dripping their headers, some dripping
 * the body of a request that holds the right token, hold no thread of the endpoint: a genuine
 * callback posted among them is answered at once, and each of them is cut off within its bound.
 *
 * <p>The bounds are 2 s, longer than the 1 s the genuine callback may take: a server that gave each
 * client a thread and enforced the same bounds would still keep the genuine callback waiting until
 * the bounds freed a thread, and fail. The JDK's {@code HttpServer} (4 threads, no bounds) kept it
 * waiting for as long as the clients dripped.
 */
@Timeout(60)
class CallbackEndpointSlowClientsTest {
  private static final int SLOW_CLIENTS = 100;
  private static final Duration HEADER_TIME = Duration.ofSeconds(2);
  private static final Duration BODY_TIME = Duration.ofSeconds(2);
  /** Longer than both bounds and than any pause of the clients: never what cuts them off. */
  private static final Duration IDLE_TIME = Duration.ofSeconds(3);
  /** The genuine callback's limit, from sending it to its answer: generous for a loaded machine. */
  private static final Duration ANSWER_LIMIT = Duration.ofSeconds(1);
  /** Lateness allowed in cutting a client off, beyond its bound: timers on a loaded 2-core machine. */
  private static final Duration CUT_OFF_SLACK = Duration.ofSeconds(3);

  private final Sandbox sandbox = new Sandbox();
  private final ApiModelsSimulator apimodels = sandbox.simulators.apimodels();
  private final LipSyncGateway gateway = LipSyncGateway.builder()
      .provider(sandbox.vendors(Sandbox.HOURLY).apiModels().orElseThrow())
      .scheduler(sandbox.scheduler)
      .pollSchedule(Sandbox.HOURLY)
      .build();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CallbackEndpoint endpoint = CallbackEndpoint.builder(this::receive)
      .headerTimeout(HEADER_TIME)
      .bodyTimeout(BODY_TIME)
      .idleTimeout(IDLE_TIME)
      .start();
  private final List<SlowClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    for (SlowClient client : clients) {
      try {
        client.channel.close();
      } catch (IOException e) {
        // Closed already.
      }
    }
    endpoint.close();
    gateway.close();
    sandbox.close();
  }

  private CallbackOutcome receive(String vendor, String body) {
    received.add(vendor);
    return gateway.onCallback(vendor, body);
  }

  @Test
  void should_answer_a_genuine_callback_among_a_hundred_slow_clients_and_cut_each_off_within_its_bound()
      throws Exception {
    JobHandle handle = runJob();
    SimulatedTask task = apimodels.task(handle.taskRef().orElseThrow().taskId());
    assertThat(task).isNotNull();
    task.finish(true);
    String url = endpoint.callbackUrl("apimodels");
    String path = url.substring(url.indexOf("/callbacks/"));
    String wrongPath = path.substring(0, path.lastIndexOf('/') + 1) + "x".repeat(43);

    // Warm up, so that the measure below is of waiting, not of loading classes in a cold JVM: the
    // endpoint's path for a request (refused here), and the gateway's reading of a callback (about a
    // task it does not track, so nothing changes).
    assertThat(post(wrongPath, "{}")).startsWith("HTTP/1.1 404");
    String untracked = apimodels.callbackBody(task.id()).replace(task.id(), "untracked-" + task.id());
    assertThat(gateway.onCallback("apimodels", untracked)).isEqualTo(CallbackOutcome.UNKNOWN_TASK);

    Random random = new Random(29);
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      clients.add(switch (i % 4) {
        // Headers that never end, with a wrong token and with the right one.
        case 0 -> SlowClient.headers(endpoint.address(), wrongPath, random);
        case 1 -> SlowClient.headers(endpoint.address(), path, random);
        // The right token and whole headers, then a body that never ends.
        default -> SlowClient.body(endpoint.address(), path, random);
      });
    }
    Driver driver = new Driver(clients);
    driver.start();

    long sent = System.nanoTime();
    String status = post(path, apimodels.callbackBody(task.id()));
    long answered = System.nanoTime();

    boolean allCut = driver.allClosed.await(
        HEADER_TIME.plus(BODY_TIME).plus(CUT_OFF_SLACK).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    driver.interrupt();
    driver.join(5_000);

    Duration answer = Duration.ofNanos(answered - sent);
    long openWhenSent = clients.stream().filter(client -> client.closedAt == 0 || client.closedAt > sent).count();
    List<Long> cutAfter = clients.stream().map(SlowClient::cutAfterMillis).sorted().toList();
    System.out.printf("genuine callback answered in %d ms among %d slow clients (%d of them open when it was sent);"
            + " slow clients cut off %d to %d ms after their bound started%n",
        answer.toMillis(), SLOW_CLIENTS, openWhenSent, cutAfter.get(0), cutAfter.get(cutAfter.size() - 1));

    assertThat(status).startsWith("HTTP/1.1 204");
    assertThat(answer).as("from sending the genuine callback to its answer").isLessThan(ANSWER_LIMIT);
    assertThat(openWhenSent).as("slow clients connected and not yet cut off when the genuine callback was sent")
        .isEqualTo(SLOW_CLIENTS);
    assertThat(received).containsExactly("apimodels");
    assertThat(handle.result().get(5, TimeUnit.SECONDS).taskRef().taskId()).isEqualTo(task.id());

    assertThat(allCut).as("every slow client cut off by the server").isTrue();
    for (SlowClient client : clients) {
      Duration bound = client.dripsBody ? BODY_TIME : HEADER_TIME;
      assertThat(client.dripped).as("bytes dripped").isPositive();
      // Held until its bound (to the timers' precision), then cut off soon after.
      assertThat(client.cutAfterMillis()).as(client.toString())
          .isGreaterThanOrEqualTo(bound.toMillis() - 50)
          .isLessThanOrEqualTo(bound.plus(CUT_OFF_SLACK).toMillis());
      // A body out of time is told so; headers out of time get no answer at all.
      assertThat(client.answer.toString(US_ASCII)).as(client.toString())
          .startsWith(client.dripsBody ? "HTTP/1.1 408" : "");
      if (!client.dripsBody) {
        assertThat(client.answer.size()).as(client.toString()).isZero();
      }
    }
  }

  /** Runs a job until apimodels created its task; returns the handle. */
  private JobHandle runJob() throws Exception {
    CompletableFuture<TaskRef> submitted = new CompletableFuture<>();
    JobHandle handle = gateway.run(LipSyncJob.builder()
            .videoUrl("https://example.com/interview.mp4")
            .audio(AudioSource.url(apimodels.audioUrl()))
            .callbackUrl(endpoint.callbackUrl("apimodels"))
            .build(),
        event -> {
          if (event.type() == JobEvent.Type.SUBMITTED) {
            submitted.complete(event.taskRef());
          }
        });
    submitted.get(10, TimeUnit.SECONDS);
    return handle;
  }

  /** Posts a callback as a vendor does, all at once; returns the status line of the answer. */
  private String post(String path, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    try (Socket socket = new Socket(endpoint.address().getAddress(), endpoint.address().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(US_ASCII));
      out.write(bytes);
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
      return line == null ? "(no answer)" : line;
    }
  }

  /** One client that sends one byte every 100 to 200 ms, until the server cuts it off. */
  private static final class SlowClient {
    final SocketChannel channel;
    final boolean dripsBody;
    final byte[] drip;
    final Random random;
    final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    /** When the bound that should cut it off started: its connection, or the end of its headers. */
    final long boundStarted;
    long nextDrip;
    int dripped;
    volatile long closedAt;

    private SlowClient(SocketChannel channel, boolean dripsBody, byte[] drip, long boundStarted, Random random) {
      this.channel = channel;
      this.dripsBody = dripsBody;
      this.drip = drip;
      this.boundStarted = boundStarted;
      this.random = random;
      this.nextDrip = System.nanoTime();
    }

    /** Sends a request line and headers that never end, a byte at a time. */
    static SlowClient headers(InetSocketAddress to, String path, Random random) throws IOException {
      long started = System.nanoTime();
      SocketChannel channel = SocketChannel.open(to);
      byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Drip: " + "a".repeat(4096)).getBytes(US_ASCII);
      // Its first byte at once: the server has begun reading a request from it before the genuine one.
      channel.write(ByteBuffer.wrap(head, 0, 1));
      SlowClient client = new SlowClient(channel, false, head, started, random);
      client.dripped = 1;
      return client;
    }

    /** Sends whole headers with the right token at once, then a body that never ends, a byte at a time. */
    static SlowClient body(InetSocketAddress to, String path, Random random) throws IOException {
      SocketChannel channel = SocketChannel.open(to);
      ByteBuffer head = ByteBuffer.wrap(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n").getBytes(US_ASCII));
      // Before the headers go: the server cannot have read them earlier.
      long started = System.nanoTime();
      while (head.hasRemaining()) {
        channel.write(head);
      }
      return new SlowClient(channel, true, "{".repeat(4096).getBytes(US_ASCII), started, random);
    }

    long cutAfterMillis() {
      return closedAt == 0 ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(closedAt - boundStarted);
    }

    @Override
    public String toString() {
      return (dripsBody ? "body" : "headers") + " client, " + dripped + " bytes dripped, cut off after "
          + cutAfterMillis() + " ms, answered \"" + answer.toString(US_ASCII).lines().findFirst().orElse("") + "\"";
    }
  }

  /** One thread drives every slow client: drips their bytes on time and sees when the server closes them. */
  private static final class Driver extends Thread {
    private final List<SlowClient> clients;
    final CountDownLatch allClosed;

    Driver(List<SlowClient> clients) {
      super("slow-clients");
      setDaemon(true);
      this.clients = clients;
      this.allClosed = new CountDownLatch(clients.size());
    }

    @Override
    public void run() {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      try (Selector selector = Selector.open()) {
        for (SlowClient client : clients) {
          client.channel.configureBlocking(false);
          client.channel.register(selector, SelectionKey.OP_READ, client);
        }
        while (allClosed.getCount() > 0 && !isInterrupted()) {
          // Paces the drips: wakes for the server's answers and closings, and every 10 ms to drip.
          selector.select(10);
          for (SelectionKey key : selector.selectedKeys()) {
            SlowClient client = (SlowClient) key.attachment();
            buffer.clear();
            int read;
            try {
              read = client.channel.read(buffer);
            } catch (IOException reset) {
              read = -1;
            }
            if (read < 0) {
              closed(client, key);
            } else {
              client.answer.write(buffer.array(), 0, read);
            }
          }
          selector.selectedKeys().clear();
          long now = System.nanoTime();
          for (SelectionKey key : selector.keys()) {
            SlowClient client = (SlowClient) key.attachment();
            if (key.isValid() && now >= client.nextDrip && client.dripped < client.drip.length) {
              try {
                client.channel.write(ByteBuffer.wrap(client.drip, client.dripped, 1));
                client.dripped++;
              } catch (IOException broken) {
                // The server closed it: the read side says so too, and when.
              }
              client.nextDrip = now + TimeUnit.MILLISECONDS.toNanos(100 + client.random.nextInt(101));
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("the slow clients' selector failed", e);
      }
    }

    private void closed(SlowClient client, SelectionKey key) {
      client.closedAt = System.nanoTime();
      key.cancel();
      try {
        client.channel.close();
      } catch (IOException e) {
        // Closed either way.
      }
      allClosed.countDown();
    }
  }
}

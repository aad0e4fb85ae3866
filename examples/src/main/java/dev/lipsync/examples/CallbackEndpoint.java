package dev.lipsync.examples;

import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.CallbackTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint, on Jetty, that takes vendors' callbacks and passes them to the gateway, so a
 * task ends the moment its vendor says so instead of at the next poll.
 *
 * <pre>{@code
 * try (CallbackEndpoint endpoint = CallbackEndpoint.builder(gateway::onCallback)
 *     .masterSecret(storedSecret)          // optional: the same URLs after a restart
 *     .start()) {
 *   LipSyncJob job = LipSyncJob.builder()
 *       .videoUrl("https://example.com/interview.mp4")
 *       .audio(AudioSource.url("https://example.com/answer.mp3"))
 *       .callbackUrl(endpoint.callbackUrl("apimodels"))
 *       .preferVendors("apimodels")        // the URL names the vendor whose callback it expects
 *       .build();
 *   gateway.run(job).result().join();
 * }
 * }</pre>
 *
 * <p><b>Why a token per vendor.</b> No vendor signs its callbacks, so anyone who knows the URL could
 * post a finished task with a video of their choosing. Each vendor's URL therefore carries a secret
 * token of its own, {@code <public url>/callbacks/<vendor>/<token>}, where the token is {@code
 * base64url(HMAC-SHA256(master secret, vendor id))} without padding (the key is the master secret's
 * ASCII bytes, the message the vendor id's UTF-8 bytes; {@link CallbackTokens} derives and checks it,
 * for this endpoint as for the Spring Boot starter's). One vendor's token says nothing about
 * another's, and a vendor's token at another vendor's path gets the same 404 as any wrong token, so a
 * vendor (or whoever learned one vendor's URL) cannot post as another. The master secret is 256 random
 * bits unless {@linkplain Builder#masterSecret given}: give the same one after a restart and the URLs
 * of the tasks already at the vendors stay valid. Tokens are compared in constant time ({@link
 * MessageDigest#isEqual}), never logged, and hidden by {@link #toString()}. A job's callback URL holds
 * its vendor's token, so treat that URL as a secret too.
 *
 * <p><b>Why Jetty.</b> The JDK's {@code com.sun.net.httpserver.HttpServer} reads each request on one of
 * a few handler threads and has no deadline on a request's headers or body: four clients sending their
 * headers a byte a second kept a genuine callback unanswered for as long as they dripped. Jetty is
 * maintained, and its non-blocking connector ties no thread to a client that has not finished sending:
 * headers are parsed and the body is read as bytes arrive, and a thread runs only when there is
 * something to do. Each client's time is bounded besides:
 *
 * <ul>
 *   <li>{@linkplain Builder#headerTimeout the header time} (10 s by default): from the opening of the
 *       connection to the end of the request's headers; past it the connection is closed, unanswered.
 *   <li>{@linkplain Builder#bodyTimeout the body time} (10 s by default): from the end of the headers
 *       to the end of the body; past it the caller gets 408 and the connection is closed.
 *   <li>{@linkplain Builder#idleTimeout the idle time} (5 s by default): the longest silence at any
 *       moment, reading or writing (Jetty's connector idle timeout).
 * </ul>
 *
 * <p>Every answer closes its connection ({@code Connection: close}), so a connection carries one
 * callback and the header time counts from its opening. A vendor posts each callback on its own.
 *
 * <p><b>Answers.</b>
 *
 * <ul>
 *   <li>404 to any request without the right token (missing, wrong, another vendor's, malformed path,
 *       another path) and to a vendor the gateway does not know: always the same empty answer, so a
 *       caller without the token learns nothing, and the gateway is not called.
 *   <li>405 to a method other than {@code POST}, with {@code Allow: POST}.
 *   <li>413 to a body over {@linkplain Builder#maxBodyBytes the cap} (64 KiB by default): refused by
 *       its declared length without reading it, or once {@code cap + 1} bytes were read, never more.
 *   <li>400 to a body that is not UTF-8 or not the vendor's callback, or that broke off.
 *   <li>408 to a body that took longer than the body time, or fell silent for the idle time.
 *   <li>204 to a callback the gateway took, duplicates included (the state only moves forward).
 *   <li>204 too to a callback about a task the gateway does not track ({@link
 *       CallbackOutcome#UNKNOWN_TASK}: one that already ended, or another process's). The gateway does
 *       not act on it, so it can change nothing; a 2xx stops the vendor's retries, which could never
 *       make the task tracked. Polling stays the safety net.
 *   <li>500 if the receiver fails unexpectedly: the vendor tries again later. No exception escapes.
 *   <li>A request that is not HTTP Jetty can parse gets Jetty's 400, also empty, before any path is
 *       looked at.
 * </ul>
 *
 * <p>Serve it behind TLS (a reverse proxy that forwards to this address, whose URL you give as {@link
 * Builder#publicUrl}). Jetty's loggers ({@code org.eclipse.jetty}) write no request line at INFO, WARN
 * or ERROR, and the endpoint never fails a request in a way Jetty would log; keep them above DEBUG,
 * where they write request lines, token included. Its threads are daemon threads: an open endpoint
 * never keeps the JVM alive. Thread-safe.
 */
public final class CallbackEndpoint implements AutoCloseable {
  /** The largest body taken by default: a callback is a small JSON document. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** How long a client may take to send its headers, by default. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** How long a client may take to send its body, by default. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
  /** How long a connection may stay silent, by default. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);
  private static final String PATH = "/callbacks/";
  private static final Duration LONGEST_TIMEOUT = Duration.ofHours(1);
  /** Enough for the acceptor, the selector and a few callbacks at once; no thread waits on a client. */
  private static final int MAX_THREADS = 8;
  private static final int ACCEPT_QUEUE = 256;
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final Server server;
  private final InetSocketAddress address;
  private final String publicUrl;
  /** Derives and checks each vendor's token: the same code as every other callback endpoint's. */
  private final CallbackTokens tokens;
  private final int maxBodyBytes;
  private final long headerTimeoutMillis;
  private final long bodyTimeoutMillis;
  private final Receiver receiver;
  /** The header deadline of each open connection that has not yet sent a whole request head. */
  private final Map<Connection, HeaderDeadline> headerDeadlines = new ConcurrentHashMap<>();

  /** Where the endpoint passes each authenticated callback: {@code gateway::onCallback}. */
  @FunctionalInterface
  public interface Receiver {
    /** Takes the body of a callback from {@code vendor}; says what became of it. Should not throw. */
    CallbackOutcome onCallback(String vendor, String body);
  }

  private CallbackEndpoint(Builder builder) {
    this.receiver = builder.receiver;
    this.tokens = builder.masterSecret != null ? CallbackTokens.of(builder.masterSecret) : CallbackTokens.random();
    this.maxBodyBytes = builder.maxBodyBytes;
    this.headerTimeoutMillis = builder.headerTimeout.toMillis();
    this.bodyTimeoutMillis = builder.bodyTimeout.toMillis();

    String name = "lipsync-callbacks-" + COUNT.incrementAndGet();
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName(name);
    threads.setDaemon(true);
    this.server = new Server(threads, new ScheduledExecutorScheduler(name + "-timer", true), null);
    // Refusals Jetty makes itself (an unparseable request) are empty too: its error page would
    // repeat the request's path, token included, back to the caller.
    server.setErrorHandler(new EmptyErrorHandler());

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(builder.address.getAddress().getHostAddress());
    connector.setPort(builder.address.getPort());
    connector.setIdleTimeout(builder.idleTimeout.toMillis());
    // Room for a burst of connections: beyond the backlog the kernel drops a client's handshake, and
    // the client tries again a second later.
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    connector.addEventListener(new HeaderDeadlines());
    server.addConnector(connector);
    server.setHandler(new CallbackHandler());
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("could not listen on " + builder.address, io);
      }
      throw new IllegalStateException("could not start the callback endpoint on " + builder.address, e);
    }
    this.address = new InetSocketAddress(builder.address.getAddress(), connector.getLocalPort());
    this.publicUrl = builder.publicUrl != null ? builder.publicUrl
        : "http://" + hostForUrl(address.getAddress()) + ":" + address.getPort();
  }

  /** Starts configuring an endpoint that passes callbacks to {@code receiver}. */
  public static Builder builder(Receiver receiver) {
    return new Builder(receiver);
  }

  /**
   * A new master secret: 256 random bits, base64url without padding (43 characters). Store it with
   * the application's other secrets and give it to {@link Builder#masterSecret} at every start, so
   * that the callback URLs stay the same across restarts.
   */
  public static String newMasterSecret() {
    return CallbackTokens.newMasterSecret();
  }

  /**
   * The URL to give a job whose vendor is {@code vendor}: {@code <public url>/callbacks/<vendor>/<token>},
   * where the token is this vendor's own. It holds the token: keep it out of logs.
   *
   * @throws IllegalArgumentException if {@code vendor} is not a vendor id (lower-case letters, digits
   *     and dashes, starting with a letter)
   */
  public String callbackUrl(String vendor) {
    return callbackUrlBase(vendor) + tokens.tokenFor(vendor);
  }

  /** {@link #callbackUrl} with the token hidden, to show in logs and output. */
  public String redactedCallbackUrl(String vendor) {
    return callbackUrlBase(vendor) + "<token hidden>";
  }

  private String callbackUrlBase(String vendor) {
    Objects.requireNonNull(vendor, "vendor == null");
    if (!CallbackTokens.isVendorId(vendor)) {
      throw new IllegalArgumentException("vendor \"" + vendor
          + "\" must be 1 to 32 lower-case letters, digits or dashes, starting with a letter");
    }
    return publicUrl + PATH + vendor + "/";
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return address;
  }

  /** Stops listening at once, closing every open connection, and the endpoint's threads with it. */
  @Override
  public void close() {
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception e) {
      log.debug("The callback endpoint did not stop cleanly: {}", e.toString());
    }
  }

  /** Shows where callbacks go, never a token or the master secret. */
  @Override
  public String toString() {
    return "CallbackEndpoint[" + publicUrl + PATH + "<vendor>/<token hidden>]";
  }

  // ---- tokens ----------------------------------------------------------------------------------

  /** The vendor of a path {@code /callbacks/<vendor>/<token>} with that vendor's token, or null. */
  private @Nullable String authenticatedVendor(@Nullable String rawPath) {
    String[] parts = rawPath == null ? new String[0] : rawPath.split("/", -1);
    if (parts.length != 4 || !parts[0].isEmpty() || !parts[1].equals("callbacks")) {
      return null;
    }
    // Constant time: how long the comparison takes says nothing about how much of the token was right.
    return tokens.matches(parts[2], parts[3]) ? parts[2] : null;
  }

  /**
   * What a vendor is told about each outcome ({@link CallbackOutcome#httpStatus()}, the same at every
   * endpoint); see the type's documentation.
   */
  static int statusFor(CallbackOutcome outcome) {
    return outcome.httpStatus();
  }

  private static String hostForUrl(InetAddress address) {
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Answers with {@code status}, no body, and closes the connection after the answer. */
  private static void answer(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    if (status == HttpURLConnection.HTTP_BAD_METHOD) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
    }
    response.write(true, null, callback);
  }

  // ---- the header time -------------------------------------------------------------------------

  /**
   * Closes a connection whose request head is not complete within the header time. Jetty's idle
   * timeout alone would not: it restarts at every byte, so a client sending one byte a second would
   * never meet it.
   */
  private final class HeaderDeadlines implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      HeaderDeadline deadline = new HeaderDeadline(connection);
      headerDeadlines.put(connection, deadline);
      deadline.task = server.getScheduler().schedule(deadline, headerTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
      headReceived(connection);
    }
  }

  private final class HeaderDeadline implements Runnable {
    private final Connection connection;
    private volatile Scheduler.@Nullable Task task;

    HeaderDeadline(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      if (headerDeadlines.remove(connection, this)) {
        log.debug("Closed a connection whose request head took over {} ms", headerTimeoutMillis);
        connection.getEndPoint().close();
      }
    }

    void cancel() {
      Scheduler.Task scheduled = task;
      if (scheduled != null) {
        scheduled.cancel();
      }
    }
  }

  /** The request head on {@code connection} is complete (or the connection closed): no header time left. */
  private void headReceived(Connection connection) {
    HeaderDeadline deadline = headerDeadlines.remove(connection);
    if (deadline != null) {
      deadline.cancel();
    }
  }

  // ---- handling --------------------------------------------------------------------------------

  private final class CallbackHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      headReceived(request.getConnectionMetaData().getConnection());
      String vendor = authenticatedVendor(request.getHttpURI().getPath());
      if (vendor == null) {
        // The path is not logged: it may hold a token that is almost right.
        log.warn("Refused a request without a valid callback token from {}",
            request.getConnectionMetaData().getRemoteSocketAddress());
        answer(response, callback, HttpURLConnection.HTTP_NOT_FOUND);
      } else if (!request.getMethod().equals("POST")) {
        answer(response, callback, HttpURLConnection.HTTP_BAD_METHOD);
      } else if (request.getLength() > maxBodyBytes) {
        log.warn("Refused a callback from {}: its body declares more than {} bytes", vendor, maxBodyBytes);
        answer(response, callback, HttpURLConnection.HTTP_ENTITY_TOO_LARGE);
      } else {
        new BodyReader(vendor, request, response, callback).start();
      }
      return true;
    }
  }

  /**
   * Reads one callback's body as it arrives, without a thread waiting for it, up to {@code cap + 1}
   * bytes and within the body time; then answers, exactly once.
   */
  private final class BodyReader {
    private final String vendor;
    private final Request request;
    private final Response response;
    private final Callback callback;
    /** Grows as bytes arrive, to {@code cap + 1} at most. */
    private byte[] body = new byte[Math.min(maxBodyBytes + 1, 8192)];
    private int length;
    /** Guarded by {@code this}: set once the body is read, refused, or out of time. */
    private boolean finished;
    private Scheduler.@Nullable Task deadline;
    private volatile boolean bodyComplete;

    BodyReader(String vendor, Request request, Response response, Callback callback) {
      this.vendor = vendor;
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    void start() {
      // The idle time bounds the client, not the receiver: once the body is whole, a silence is ours.
      request.addIdleTimeoutListener(timeout -> !bodyComplete);
      long remaining = bodyTimeoutMillis
          - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getHeadersNanoTime());
      synchronized (this) {
        deadline = server.getScheduler().schedule(this::outOfTime, Math.max(0, remaining), TimeUnit.MILLISECONDS);
      }
      read();
    }

    private void outOfTime() {
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
      }
      log.warn("Refused a callback from {}: its body took over {} ms", vendor, bodyTimeoutMillis);
      answer(response, callback, HttpURLConnection.HTTP_CLIENT_TIMEOUT);
    }

    /** Takes what has arrived; asks to be called again when more does, or answers. */
    private void read() {
      int status;
      synchronized (this) {
        if (finished) {
          return;
        }
        Integer refused = null;
        boolean complete = false;
        while (refused == null && !complete) {
          Content.Chunk chunk = request.read();
          if (chunk == null) {
            request.demand(this::read);
            return;
          }
          if (Content.Chunk.isFailure(chunk)) {
            // An idle connection, or a body that broke off or was cut short: nothing usable arrived.
            refused = chunk.getFailure() instanceof TimeoutException
                ? HttpURLConnection.HTTP_CLIENT_TIMEOUT : HttpURLConnection.HTTP_BAD_REQUEST;
            break;
          }
          ByteBuffer bytes = chunk.getByteBuffer();
          int taken = Math.min(bytes.remaining(), maxBodyBytes + 1 - length);
          if (length + taken > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(maxBodyBytes + 1L, Math.max(length + taken, 2L * body.length)));
          }
          bytes.get(body, length, taken);
          length += taken;
          complete = chunk.isLast();
          chunk.release();
          if (length > maxBodyBytes) {
            log.warn("Refused a callback from {}: its body is over {} bytes", vendor, maxBodyBytes);
            refused = HttpURLConnection.HTTP_ENTITY_TOO_LARGE;
          }
        }
        finished = true;
        if (deadline != null) {
          deadline.cancel();
        }
        status = refused != null ? refused : HttpURLConnection.HTTP_OK;
        bodyComplete = refused == null;
      }
      // The receiver runs outside the lock, once the body is whole: the body time bounds the client.
      answer(response, callback, status == HttpURLConnection.HTTP_OK ? take() : status);
    }

    /** Passes the whole body to the receiver; the status to answer. */
    private int take() {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body, 0, length)).toString();
      } catch (CharacterCodingException e) {
        log.warn("Refused a callback from {}: its body is not UTF-8", vendor);
        return HttpURLConnection.HTTP_BAD_REQUEST;
      }
      try {
        return statusFor(receiver.onCallback(vendor, text));
      } catch (RuntimeException e) {
        log.error("A callback could not be handled", e);
        return HttpURLConnection.HTTP_INTERNAL_ERROR;
      }
    }
  }

  /** Jetty's own refusals, without Jetty's error page: the status alone. */
  private static final class EmptyErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, @Nullable String message,
        @Nullable Throwable cause, Callback callback) {
      callback.succeeded();
    }
  }

  /** Configures a {@link CallbackEndpoint}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final Receiver receiver;
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private @Nullable String publicUrl;
    private @Nullable String masterSecret;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    private Builder(Receiver receiver) {
      this.receiver = Objects.requireNonNull(receiver, "receiver == null");
    }

    /**
     * Where to listen; by default a free port on the loopback address.
     *
     * @throws IllegalArgumentException if the address is unresolved
     */
    public Builder address(InetSocketAddress address) {
      Objects.requireNonNull(address, "address == null");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("address " + address + " must be resolved");
      }
      this.address = address;
      return this;
    }

    /**
     * The URL at which vendors reach this server's root, e.g. {@code https://hooks.example.com} for a
     * reverse proxy forwarding there; by default {@code http://<address>}, which only a vendor on this
     * machine can reach.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL without query or fragment
     */
    public Builder publicUrl(String publicUrl) {
      Objects.requireNonNull(publicUrl, "publicUrl == null");
      URI uri;
      try {
        uri = new URI(publicUrl.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("publicUrl \"" + publicUrl + "\" is not a URL: " + e.getReason(), e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("publicUrl \"" + publicUrl
            + "\" must be an absolute http or https URL without query or fragment");
      }
      String text = uri.toString();
      this.publicUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
      return this;
    }

    /**
     * The secret every vendor's token is derived from; by default 256 random bits, new at each start.
     * Give one (e.g. from {@link CallbackEndpoint#newMasterSecret()}, stored with the application's
     * other secrets) to keep the URLs valid across restarts: vendors retry callbacks for up to half an
     * hour, and a task submitted before a restart calls back at the URL it was given.
     *
     * @throws IllegalArgumentException if it is shorter than 32 characters or holds a character other
     *     than A-Z, a-z, 0-9, '-' and '_' (the message never shows the secret)
     */
    public Builder masterSecret(String masterSecret) {
      Objects.requireNonNull(masterSecret, "masterSecret == null");
      CallbackTokens.checkMasterSecret("masterSecret", masterSecret);
      this.masterSecret = masterSecret;
      return this;
    }

    /**
     * The largest body taken, in bytes; by default {@value CallbackEndpoint#DEFAULT_MAX_BODY_BYTES}.
     *
     * @throws IllegalArgumentException if it is not positive or too large to buffer
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "maxBodyBytes must be 1 to " + (Integer.MAX_VALUE - 1) + ", got " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How long a client may take from opening its connection to the end of its request's headers;
     * by default 10 s. Past it the connection is closed without an answer, however steadily bytes
     * arrive.
     *
     * @throws IllegalArgumentException if it is not from 1 ms to 1 hour
     */
    public Builder headerTimeout(Duration headerTimeout) {
      this.headerTimeout = checkTimeout("headerTimeout", headerTimeout);
      return this;
    }

    /**
     * How long a client may take from the end of its headers to the end of its body; by default
     * 10 s. Past it the client gets 408 and the connection is closed, however steadily bytes arrive.
     *
     * @throws IllegalArgumentException if it is not from 1 ms to 1 hour
     */
    public Builder bodyTimeout(Duration bodyTimeout) {
      this.bodyTimeout = checkTimeout("bodyTimeout", bodyTimeout);
      return this;
    }

    /**
     * How long a connection may stay silent, reading or writing (Jetty's connector idle timeout); by
     * default 5 s.
     *
     * @throws IllegalArgumentException if it is not from 1 ms to 1 hour
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = checkTimeout("idleTimeout", idleTimeout);
      return this;
    }

    private static Duration checkTimeout(String name, Duration timeout) {
      Objects.requireNonNull(timeout, name + " == null");
      if (timeout.toMillis() < 1 || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
        throw new IllegalArgumentException(name + " must be from 1 ms to 1 hour, got " + timeout);
      }
      return timeout;
    }

    /**
     * Starts listening.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public CallbackEndpoint start() {
      return new CallbackEndpoint(this);
    }
  }
}

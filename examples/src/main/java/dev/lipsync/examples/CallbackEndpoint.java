package dev.lipsync.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lipsync.core.gateway.CallbackOutcome;
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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint, on the JDK's own {@link HttpServer}, that takes vendors' callbacks and passes
 * them to the gateway, so a task ends the moment its vendor says so instead of at the next poll.
 *
 * <pre>{@code
 * try (CallbackEndpoint endpoint = CallbackEndpoint.builder(gateway::onCallback).start()) {
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
 * <p><b>Why a token.</b> No vendor signs its callbacks, so anyone who knows the URL could post a
 * finished task with a video of their choosing. The URL therefore carries a secret token, {@code
 * <public url>/callbacks/<vendor>/<token>}: 256 random bits unless given, compared in constant time
 * ({@link MessageDigest#isEqual}), never logged, and hidden by {@link #toString()}. The job's callback
 * URL holds it, so treat that URL as a secret too.
 *
 * <p><b>Answers.</b>
 *
 * <ul>
 *   <li>404 to any request without the right token (missing, wrong, malformed path, another path) and
 *       to a vendor the gateway does not know: always the same empty answer, so a caller without the
 *       token learns nothing, and the gateway is not called.
 *   <li>405 to a method other than {@code POST}, with {@code Allow: POST}.
 *   <li>413 to a body over {@linkplain Builder#maxBodyBytes the cap} (64 KiB by default): refused by
 *       its declared length, or once {@code cap + 1} bytes were read, never more.
 *   <li>400 to a body that is not UTF-8 or not the vendor's callback.
 *   <li>204 to a callback the gateway took, duplicates included (the state only moves forward).
 *   <li>204 too to a callback about a task the gateway does not track ({@link
 *       CallbackOutcome#UNKNOWN_TASK}: one that already ended, or another process's). The gateway does
 *       not act on it, so it can change nothing; a 2xx stops the vendor's retries, which could never
 *       make the task tracked. Polling stays the safety net.
 *   <li>500 if the receiver fails unexpectedly: the vendor tries again later. No exception escapes.
 * </ul>
 *
 * <p>Serve it behind TLS (a reverse proxy that forwards to this address, whose URL you give as {@link
 * Builder#publicUrl}), and leave the JDK server's own logger {@code com.sun.net.httpserver} above
 * DEBUG: at DEBUG it writes request lines, token included. Thread-safe.
 */
public final class CallbackEndpoint implements AutoCloseable {
  /** The largest body taken by default: a callback is a small JSON document. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);
  private static final String PATH = "/callbacks/";
  private static final Pattern VENDOR = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32,}");
  private static final int THREADS = 4;
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final String publicUrl;
  private final String token;
  private final byte[] tokenBytes;
  private final int maxBodyBytes;
  private final Receiver receiver;

  /** Where the endpoint passes each authenticated callback: {@code gateway::onCallback}. */
  @FunctionalInterface
  public interface Receiver {
    /** Takes the body of a callback from {@code vendor}; says what became of it. Should not throw. */
    CallbackOutcome onCallback(String vendor, String body);
  }

  private CallbackEndpoint(Builder builder) {
    this.receiver = builder.receiver;
    this.token = builder.token != null ? builder.token : newToken();
    this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
    this.maxBodyBytes = builder.maxBodyBytes;
    try {
      this.server = HttpServer.create(builder.address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on " + builder.address, e);
    }
    this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "lipsync-callbacks-" + COUNT.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    InetSocketAddress bound = server.getAddress();
    this.publicUrl = builder.publicUrl != null ? builder.publicUrl
        : "http://" + hostForUrl(bound.getAddress()) + ":" + bound.getPort();
    // At the root, so that every refused request gets the same answer, whatever its path.
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts configuring an endpoint that passes callbacks to {@code receiver}. */
  public static Builder builder(Receiver receiver) {
    return new Builder(receiver);
  }

  /**
   * The URL to give a job whose vendor is {@code vendor}: {@code <public url>/callbacks/<vendor>/<token>}.
   * It holds the token: keep it out of logs.
   *
   * @throws IllegalArgumentException if {@code vendor} is not a vendor id (lower-case letters, digits
   *     and dashes, starting with a letter)
   */
  public String callbackUrl(String vendor) {
    Objects.requireNonNull(vendor, "vendor == null");
    if (!VENDOR.matcher(vendor).matches()) {
      throw new IllegalArgumentException("vendor \"" + vendor
          + "\" must be 1 to 32 lower-case letters, digits or dashes, starting with a letter");
    }
    return publicUrl + PATH + vendor + "/" + token;
  }

  /** {@link #callbackUrl} with the token hidden, to show in logs and output. */
  public String redactedCallbackUrl(String vendor) {
    String url = callbackUrl(vendor);
    return url.substring(0, url.length() - token.length()) + "<token hidden>";
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops listening at once, and the handler threads with it. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Shows where callbacks go, never the token. */
  @Override
  public String toString() {
    return "CallbackEndpoint[" + publicUrl + PATH + "<vendor>/<token hidden>]";
  }

  // ---- handling --------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) {
    int status;
    try {
      status = answer(exchange);
    } catch (IOException e) {
      // The body broke off or was cut short: nothing usable arrived.
      status = HttpURLConnection.HTTP_BAD_REQUEST;
    } catch (RuntimeException e) {
      log.error("A callback could not be handled", e);
      status = HttpURLConnection.HTTP_INTERNAL_ERROR;
    }
    try (exchange) {
      if (status == HttpURLConnection.HTTP_BAD_METHOD) {
        exchange.getResponseHeaders().set("Allow", "POST");
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (IOException e) {
      log.debug("Could not answer a callback: {}", e.toString());
    }
  }

  /** The status to answer with; reads the body only from a caller that holds the token. */
  private int answer(HttpExchange exchange) throws IOException {
    String vendor = authenticatedVendor(exchange.getRequestURI().getRawPath());
    if (vendor == null) {
      // The path is not logged: it may hold a token that is almost right.
      log.warn("Refused a request without a valid callback token from {}", exchange.getRemoteAddress());
      return HttpURLConnection.HTTP_NOT_FOUND;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return HttpURLConnection.HTTP_BAD_METHOD;
    }
    if (declaredLength(exchange) > maxBodyBytes) {
      log.warn("Refused a callback from {}: its body declares more than {} bytes", vendor, maxBodyBytes);
      return HttpURLConnection.HTTP_ENTITY_TOO_LARGE;
    }
    byte[] body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      log.warn("Refused a callback from {}: its body is over {} bytes", vendor, maxBodyBytes);
      return HttpURLConnection.HTTP_ENTITY_TOO_LARGE;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      log.warn("Refused a callback from {}: its body is not UTF-8", vendor);
      return HttpURLConnection.HTTP_BAD_REQUEST;
    }
    return statusFor(receiver.onCallback(vendor, text));
  }

  /** The vendor of a path {@code /callbacks/<vendor>/<token>} with the right token, or null. */
  private @Nullable String authenticatedVendor(@Nullable String rawPath) {
    String[] parts = rawPath == null ? new String[0] : rawPath.split("/", -1);
    if (parts.length != 4 || !parts[0].isEmpty() || !parts[1].equals("callbacks")) {
      return null;
    }
    // Constant time: how long the comparison takes says nothing about how much of the token was right.
    boolean tokenMatches = MessageDigest.isEqual(tokenBytes, parts[3].getBytes(StandardCharsets.UTF_8));
    return tokenMatches && VENDOR.matcher(parts[2]).matches() ? parts[2] : null;
  }

  private static long declaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1; // The server itself refuses a request whose length it cannot read.
    }
  }

  /** What a vendor is told about each outcome; see the type's documentation. */
  static int statusFor(CallbackOutcome outcome) {
    return switch (outcome) {
      case ACCEPTED, UNKNOWN_TASK -> HttpURLConnection.HTTP_NO_CONTENT;
      case MALFORMED -> HttpURLConnection.HTTP_BAD_REQUEST;
      case UNKNOWN_VENDOR -> HttpURLConnection.HTTP_NOT_FOUND;
    };
  }

  private static String newToken() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String hostForUrl(InetAddress address) {
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Configures a {@link CallbackEndpoint}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final Receiver receiver;
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private @Nullable String publicUrl;
    private @Nullable String token;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(Receiver receiver) {
      this.receiver = Objects.requireNonNull(receiver, "receiver == null");
    }

    /** Where to listen; by default a free port on the loopback address. */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address == null");
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
     * The secret the callback URLs carry; by default 256 random bits. Give one to keep the URLs valid
     * across restarts (vendors retry callbacks for up to half an hour).
     *
     * @throws IllegalArgumentException if it is shorter than 32 characters or holds a character other
     *     than A-Z, a-z, 0-9, '-' and '_' (the message never shows the token)
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token == null");
      if (!TOKEN.matcher(token).matches()) {
        throw new IllegalArgumentException("token must be at least 32 characters of A-Z, a-z, 0-9, '-' and '_'"
            + " (got " + token.length() + " characters)");
      }
      this.token = token;
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
     * Starts listening.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public CallbackEndpoint start() {
      return new CallbackEndpoint(this);
    }
  }
}

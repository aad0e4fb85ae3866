package dev.lipsync.spring;

import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.LipSyncGateway;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Takes every request under {@code <path>/} and answers as the example's Jetty {@code CallbackEndpoint}
 * does, always with an empty body:
 *
 * <ul>
 *   <li>404 to a request without its vendor's token (missing, wrong, another vendor's, a path of another
 *       shape) and to a vendor the gateway does not know: the same answer, so a caller without the token
 *       learns nothing, and the gateway is not called;
 *   <li>405, with {@code Allow: POST}, to another method;
 *   <li>413 to a body over the cap: refused by its declared length unread, or once {@code cap + 1}
 *       bytes were read, never more;
 *   <li>400 to a body that is not UTF-8, broke off, or is not the vendor's callback;
 *   <li>204 to a callback the gateway took (duplicates too) or about a task it does not track, as
 *       {@link CallbackOutcome#httpStatus()} says for every endpoint;
 *   <li>500 if the gateway fails unexpectedly, so the vendor tries again later.
 * </ul>
 *
 * The gateway believes a callback saying a task ended only once a status call at the vendor confirms
 * it ({@link LipSyncGateway#onCallback}). The request's path is never logged: it holds a token. The body
 * is read on the servlet container's thread, so how long a slow client may take to send it is the
 * container's read timeout (for Tomcat, {@code server.tomcat.connection-timeout}), not this handler's.
 */
final class LipSyncCallbackHandler implements HandlerFunction<ServerResponse> {
  private static final Logger log = LoggerFactory.getLogger(LipSyncCallbackHandler.class);

  private final LipSyncCallbacks callbacks;
  private final LipSyncGateway gateway;
  private final String prefix;

  LipSyncCallbackHandler(LipSyncCallbacks callbacks, LipSyncGateway gateway) {
    this.callbacks = callbacks;
    this.gateway = gateway;
    this.prefix = callbacks.path() + "/";
  }

  @Override
  public ServerResponse handle(ServerRequest request) {
    HttpServletRequest servlet = request.servletRequest();
    String vendor = authenticatedVendor(request.requestPath().pathWithinApplication().value());
    if (vendor == null) {
      log.warn("Refused a request without a valid callback token from {}", servlet.getRemoteAddr());
      return empty(HttpStatus.NOT_FOUND);
    }
    if (!request.method().matches("POST")) {
      return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "POST").build();
    }
    int cap = callbacks.maxBodyBytes();
    if (servlet.getContentLengthLong() > cap) {
      log.warn("Refused a callback from {}: its body declares more than {} bytes", vendor, cap);
      return empty(HttpStatus.CONTENT_TOO_LARGE);
    }
    byte[] body;
    try (InputStream in = servlet.getInputStream()) {
      // Never more than cap + 1 bytes, whatever the client sends: enough to know the body is too large.
      body = in.readNBytes(cap + 1);
    } catch (IOException e) {
      log.warn("Refused a callback from {}: its body broke off ({})", vendor, e.getClass().getSimpleName());
      return empty(HttpStatus.BAD_REQUEST);
    }
    if (body.length > cap) {
      log.warn("Refused a callback from {}: its body is over {} bytes", vendor, cap);
      return empty(HttpStatus.CONTENT_TOO_LARGE);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      log.warn("Refused a callback from {}: its body is not UTF-8", vendor);
      return empty(HttpStatus.BAD_REQUEST);
    }
    CallbackOutcome outcome;
    try {
      outcome = gateway.onCallback(vendor, text);
    } catch (RuntimeException e) {
      log.error("A callback from {} could not be handled", vendor, e);
      return empty(HttpStatus.INTERNAL_SERVER_ERROR);
    }
    return ServerResponse.status(outcome.httpStatus()).build();
  }

  /**
   * The vendor of a path {@code <path>/<vendor>/<token>} with that vendor's token, if the gateway knows
   * the vendor; else null. The token is checked in constant time, before anything else about the vendor.
   */
  private @Nullable String authenticatedVendor(String path) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    String[] parts = path.substring(prefix.length()).split("/", -1);
    if (parts.length != 2 || !callbacks.tokens().matches(parts[0], parts[1])) {
      return null;
    }
    return gateway.vendors().contains(parts[0]) ? parts[0] : null;
  }

  private static ServerResponse empty(HttpStatus status) {
    return ServerResponse.status(status).build();
  }
}

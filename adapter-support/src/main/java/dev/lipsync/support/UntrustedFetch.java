package dev.lipsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a file at a URL that came from outside (a vendor's answer, the application's input), shared
 * by {@link AudioLengths} and {@link FacePictureFetcher}:
 *
 * <ul>
 *   <li>https only, plain http only to a loopback host, never into a private network, whether the URL,
 *       a name's address or a redirect leads there ({@link NetworkRules}, private networks never
 *       allowed);
 *   <li>redirects followed, at most {@value #MAX_REDIRECTS}, never from https to http; where asked,
 *       only those that keep the scheme, host and port, as a result download's ({@link
 *       NetworkRules#redirectRefusal});
 *   <li>no credentials: no authenticator answers a challenge, no cookies;
 *   <li>a bound on the whole call; the answer's content type judged before its body is read; at most
 *       {@code maxBytes} read, whatever {@code Content-Length} says;
 *   <li>asynchronous: cancelling the future returned cancels the call.
 * </ul>
 *
 * Every failure is an {@link IOException} whose message begins with the URL shown without its query
 * (it may be a pre-signed secret) and says which rule was broken. Thread-safe.
 */
final class UntrustedFetch {
  /** The most redirects one fetch follows. */
  static final int MAX_REDIRECTS = 5;

  /** What was fetched: the bytes, the URL they came from after redirects, and their content type. */
  record Fetched(byte[] bytes, HttpUrl url, @Nullable MediaType contentType) {}

  /** What becomes of the fetched bytes; run on the HTTP client's thread. */
  @FunctionalInterface
  interface Reader<T> {
    T read(String shown, Fetched fetched) throws IOException;
  }

  /** Why a content type is refused, or null if it is accepted. */
  @FunctionalInterface
  interface TypeRule {
    @Nullable String refusal(@Nullable MediaType type);

    /** Any content type, or none. */
    TypeRule ANY = type -> null;
  }

  private final OkHttpClient client;
  private final String what;
  private final long maxBytes;
  private final String capWords;
  private final TypeRule typeRule;

  /**
   * @param base the client whose pool, threads and dispatcher are shared; its redirect, timeout, DNS,
   *     authenticator and cookie settings are replaced
   * @param what what the URL is for, in failures: "the {@code what} is not an http URL"
   * @param timeout the bound on one whole fetch, redirects and body included
   * @param maxBytes the most bytes read
   * @param capWords what follows "holds N bytes, " when there are more than {@code maxBytes}
   * @param typeRule which content types are accepted
   * @param sameOrigin whether a redirect must keep the scheme, host and port ({@link
   *     NetworkRules#redirectRefusal}): for URLs from a vendor's answer
   */
  UntrustedFetch(OkHttpClient base, String what, Duration timeout, long maxBytes, String capWords,
      TypeRule typeRule, boolean sameOrigin) {
    Objects.requireNonNull(base, "client == null");
    if (maxBytes <= 0 || maxBytes >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " must be positive and below 2 GiB");
    }
    this.what = Objects.requireNonNull(what, "what == null");
    this.maxBytes = maxBytes;
    this.capWords = Objects.requireNonNull(capWords, "capWords == null");
    this.typeRule = Objects.requireNonNull(typeRule, "typeRule == null");
    this.client = base.newBuilder()
        .followRedirects(true)
        .followSslRedirects(false)
        .callTimeout(timeout)
        .authenticator(Authenticator.NONE)
        .cookieJar(CookieJar.NO_COOKIES)
        .dns(NetworkRules.dns(base.dns(), false))
        .addNetworkInterceptor(NetworkRules.connections(false))
        .addNetworkInterceptor(redirects(sameOrigin))
        .build();
  }

  long maxBytes() {
    return maxBytes;
  }

  /** {@code url} as failures show it: scheme, host, port if not the default, and path; no query. */
  static String shown(HttpUrl url) {
    boolean defaultPort = url.port() == HttpUrl.defaultPort(url.scheme());
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.scheme() + "://" + host + (defaultPort ? "" : ":" + url.port()) + url.encodedPath();
  }

  /**
   * Fetches {@code url} and gives what {@code reader} makes of it. A URL that breaks a rule is refused
   * before anything is sent.
   */
  <T> CompletableFuture<T> fetch(String url, Reader<T> reader) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return CompletableFuture.failedFuture(new IOException("the " + what + " is not an http URL"));
    }
    String shown = shown(parsed);
    String refused = NetworkRules.check(parsed, false);
    if (refused != null) {
      return CompletableFuture.failedFuture(new IOException(shown + " " + refused));
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    Call call = client.newCall(new Request.Builder().url(parsed).tag(Hops.class, new Hops()).build());
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        answer.completeExceptionally(e instanceof RefusedRedirect
            ? new IOException(shown + " " + e.getMessage(), e)
            : new IOException(shown + " could not be fetched: " + e.getMessage(), e));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          answer.complete(reader.read(shown, read(shown, response)));
        } catch (IOException | RuntimeException e) {
          answer.completeExceptionally(e);
        }
      }
    });
    // Cancelling the answer stops the download.
    answer.whenComplete((done, error) -> call.cancel());
    return answer;
  }

  private Fetched read(String shown, Response response) throws IOException {
    if (response.isRedirect()) {
      // The client follows every redirect it may: one it gave back leads from https to http, or nowhere.
      String location = response.header("Location");
      HttpUrl to = location == null ? null : response.request().url().resolve(location);
      if (to != null && !to.scheme().equals(response.request().url().scheme())) {
        throw new IOException(shown + " redirects from " + response.request().url().scheme() + " to "
            + shown(to) + ", which is not followed");
      }
    }
    if (!response.isSuccessful()) {
      throw new IOException(shown + " answered HTTP " + response.code());
    }
    ResponseBody body = response.body();
    String refusal = typeRule.refusal(body.contentType());
    if (refusal != null) {
      throw new IOException(shown + " " + refusal);
    }
    if (body.contentLength() > maxBytes) {
      throw tooLarge(shown, body.contentLength() + " bytes");
    }
    byte[] data;
    try (InputStream in = body.byteStream()) {
      data = in.readNBytes((int) maxBytes + 1);
    }
    if (data.length > maxBytes) {
      throw tooLarge(shown, "more than " + maxBytes + " bytes");
    }
    return new Fetched(data, response.request().url(), body.contentType());
  }

  private IOException tooLarge(String shown, String size) {
    return new IOException(shown + " holds " + size + ", " + capWords);
  }

  /** The requests one fetch has sent so far, carried as a tag the client keeps on each redirect. */
  private static final class Hops {
    int sent;
    @Nullable HttpUrl last;
  }

  /**
   * Refuses to send a request past the first and {@value #MAX_REDIRECTS} redirects, and, with {@code
   * sameOrigin}, a redirect that leaves the scheme, host and port of the request before it.
   */
  private static Interceptor redirects(boolean sameOrigin) {
    return chain -> {
      Hops hops = chain.request().tag(Hops.class);
      if (hops != null) {
        if (++hops.sent > MAX_REDIRECTS + 1) {
          throw new RefusedRedirect("was redirected more than " + MAX_REDIRECTS + " times, which is not followed");
        }
        String refused = sameOrigin && hops.last != null
            ? NetworkRules.redirectRefusal(hops.last, chain.request().url()) : null;
        if (refused != null) {
          throw new RefusedRedirect("was redirected, and " + refused);
        }
        hops.last = chain.request().url();
      }
      return chain.proceed(chain.request());
    };
  }

  /** A redirect not followed: a protocol failure, so the client does not try the same request again. */
  private static final class RefusedRedirect extends ProtocolException {
    RefusedRedirect(String message) {
      super(message);
    }
  }
}

package dev.lipsync.support;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses the library connects to, judged by the address a host resolves to, never by its name.
 * URLs that come from outside (a vendor's result URL, an audio URL, a configured base URL) must not
 * reach into the network the application runs in: a vendor's answer naming {@code https://10.0.0.1/}
 * would otherwise make a server deployment fetch from its own private network (server-side request
 * forgery). So:
 *
 * <ul>
 *   <li>private (10/8, 172.16/12, 192.168/16, 100.64/10), link-local (169.254/16, fe80::/10),
 *       unique-local (fc00::/7) and unspecified ({@code 0.0.0.0}, {@code ::}) addresses are refused,
 *       unless the application opts in ({@code allowPrivateNetworks});
 *   <li>loopback is allowed (simulators and local proxies), and plain http only to it, judged by the
 *       address: a loopback literal, or {@code localhost} resolving only to loopback; {@code
 *       evil.localhost}, whose address is up to whoever answers for it, is not.
 * </ul>
 *
 * The rule is applied three times, so that no path escapes it: to the URL before anything is sent
 * ({@link #check}), to every name the HTTP client resolves ({@link #dns}, before it connects), and to
 * the address each connection was made to ({@link #connections}, before a request is written on it:
 * an address literal, which the client does not resolve, or a redirect). Stateless.
 */
public final class NetworkRules {
  private NetworkRules() {}

  /**
   * Whether {@code address} is private, link-local, unique-local or unspecified: an address inside the
   * network the application runs in. Loopback is not.
   */
  public static boolean isPrivate(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
    return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10, shared address space
  }

  /**
   * Whether {@code host} is loopback: an address literal that is, or {@code localhost} when every address
   * it resolves to is (from the hosts file). Any other name is not: it is not looked up, since what a
   * name such as {@code evil.localhost} resolves to is up to whoever answers for it.
   */
  public static boolean isLoopback(String host) {
    String h = unbracketed(host).toLowerCase(Locale.ROOT);
    if (literal(h) == null && !h.equals("localhost")) {
      return false;
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(h);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Why {@code url} may not be fetched, or null if it may: plain http to a host that is not loopback,
   * or an address literal in a private range (unless {@code allowPrivate}). A name is judged again when
   * the client resolves it ({@link #dns}).
   */
  public static @Nullable String check(HttpUrl url, boolean allowPrivate) {
    if (!url.isHttps() && !isLoopback(url.host())) {
      return "uses plain http, which is accepted only for a loopback host (localhost, 127.0.0.0/8, [::1]); use https";
    }
    InetAddress literal = literal(url.host());
    if (literal != null && !allowPrivate && isPrivate(literal)) {
      return "is an address in a private network (" + literal.getHostAddress() + "), refused unless private"
          + " networks are allowed";
    }
    return null;
  }

  /**
   * Why a redirect from {@code from} to {@code to} of a download whose URL came from outside is not
   * followed, or null if it is: it must keep the scheme, host and port. A redirect elsewhere could be
   * an open redirect at a vendor's CDN, or lead to another service on the same machine; one to http
   * could be read on the way.
   */
  public static @Nullable String redirectRefusal(HttpUrl from, HttpUrl to) {
    if (!to.scheme().equals(from.scheme())) {
      return "a redirect from " + from.scheme() + " to " + to.scheme() + " is not followed";
    }
    if (!to.host().equals(from.host())) {
      return "a redirect to another host (" + to.host() + ") is not followed";
    }
    if (to.port() != from.port()) {
      return "a redirect to another port (" + to.port() + ") is not followed";
    }
    return null;
  }

  /**
   * {@code dns} refusing, before any connection, a name that resolves to a private address (unless
   * {@code allowPrivate}): a name some answer controls must not lead into the application's network.
   */
  public static Dns dns(Dns dns, boolean allowPrivate) {
    Objects.requireNonNull(dns, "dns == null");
    if (allowPrivate) {
      return dns;
    }
    return host -> {
      List<InetAddress> addresses = dns.lookup(host);
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          throw new UnknownHostException(host + " resolves to an address in a private network ("
              + address.getHostAddress() + "), refused unless private networks are allowed");
        }
      }
      return addresses;
    };
  }

  /**
   * A network interceptor that refuses to write a request on a connection made to a private address
   * (unless {@code allowPrivate}), or a plain http request on one that is not loopback: the last word,
   * for addresses the client did not resolve (literals, redirects).
   */
  public static Interceptor connections(boolean allowPrivate) {
    return chain -> {
      okhttp3.Connection connection = chain.connection();
      if (connection != null) {
        InetSocketAddress socket = connection.route().socketAddress();
        InetAddress address = socket.getAddress();
        if (address != null && !allowPrivate && isPrivate(address)) {
          throw new IOException("refused to send to an address in a private network (" + address.getHostAddress()
              + ") unless private networks are allowed");
        }
        if (address != null && !chain.request().isHttps() && !address.isLoopbackAddress()) {
          throw new IOException(
              "refused to send plain http to " + address.getHostAddress() + ", which is not loopback");
        }
      }
      return chain.proceed(chain.request());
    };
  }

  private static @Nullable InetAddress literal(String host) {
    String h = unbracketed(host).toLowerCase(Locale.ROOT);
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return null; // a name: judged when it is resolved
    }
    try {
      return InetAddress.getByName(h); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}

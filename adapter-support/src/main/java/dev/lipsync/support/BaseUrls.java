package dev.lipsync.support;

import java.net.InetAddress;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Checks a vendor's base URL: https, except plain http to a loopback host (a simulator or a local
 * proxy). A key sent over plain http to anywhere else could be read on the way.
 */
public final class BaseUrls {
  private BaseUrls() {}

  /**
   * The parsed URL, with a trailing slash as Retrofit needs.
   *
   * @throws IllegalArgumentException naming the URL and the rule it breaks
   */
  public static HttpUrl parse(String field, String url) {
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null) {
      throw new IllegalArgumentException(
          field + ": \"" + url + "\" is not an absolute http or https URL");
    }
    if (!parsed.isHttps() && !isLoopback(parsed.host())) {
      throw new IllegalArgumentException(
          field + ": \"" + url + "\" uses plain http, which is accepted only for loopback hosts"
              + " (localhost, 127.0.0.0/8, [::1]); use https");
    }
    if (parsed.query() != null || parsed.fragment() != null) {
      throw new IllegalArgumentException(
          field + ": \"" + url + "\" must not have a query or fragment");
    }
    String path = parsed.encodedPath();
    return path.endsWith("/") ? parsed : parsed.newBuilder().addPathSegment("").build();
  }

  /** Whether {@code host} is localhost or a loopback address, without asking DNS. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a name other than localhost: never resolved here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}

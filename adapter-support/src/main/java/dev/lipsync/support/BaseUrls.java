package dev.lipsync.support;

import okhttp3.HttpUrl;

/**
 * Checks a vendor's base URL: https, except plain http to a loopback host (a simulator or a local
 * proxy), since a key sent over plain http to anywhere else could be read on the way; and no address in
 * a private network unless allowed ({@link NetworkRules}).
 */
public final class BaseUrls {
  private BaseUrls() {}

  /**
   * The parsed URL, with a trailing slash as Retrofit needs; an address literal in a private network is
   * refused.
   *
   * @throws IllegalArgumentException naming the URL and the rule it breaks
   */
  public static HttpUrl parse(String field, String url) {
    return parse(field, url, false);
  }

  /**
   * The same, allowing an address literal in a private network when {@code allowPrivate} (a proxy of
   * the application's own).
   *
   * @throws IllegalArgumentException naming the URL and the rule it breaks
   */
  public static HttpUrl parse(String field, String url, boolean allowPrivate) {
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null) {
      throw new IllegalArgumentException(
          field + ": \"" + url + "\" is not an absolute http or https URL");
    }
    String refused = NetworkRules.check(parsed, allowPrivate);
    if (refused != null) {
      throw new IllegalArgumentException(field + ": \"" + url + "\" " + refused);
    }
    if (parsed.query() != null || parsed.fragment() != null) {
      throw new IllegalArgumentException(
          field + ": \"" + url + "\" must not have a query or fragment");
    }
    String path = parsed.encodedPath();
    return path.endsWith("/") ? parsed : parsed.newBuilder().addPathSegment("").build();
  }
}

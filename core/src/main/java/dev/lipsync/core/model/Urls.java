package dev.lipsync.core.model;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Parses the URLs a job carries: absolute, http or https, with a host. */
final class Urls {
  private Urls() {}

  static URI httpUrl(String field, String url) {
    if (url == null) {
      throw new NullPointerException(field + " == null");
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below with the rule, like every other violation.
    }
    throw new InvalidRequestException(
        new Violation(field, url, "must be an absolute http or https URL"));
  }
}

package org.samizdat.reach.newsletter;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mirror addresses every issue lists, for readers whose country blocks the main site. Only
 * this property of the mirror feature is read here.
 *
 * @param mirrors base URLs of mirrors, comma-separated (SAMIZDAT_MIRRORS), e.g.
 *     {@code https://mirror.example.net,https://example.github.io/courier}
 */
@ConfigurationProperties("samizdat.reach")
record NewsletterMirrors(@DefaultValue List<String> mirrors) {

  NewsletterMirrors {
    List<String> checked = new ArrayList<>();
    for (String raw : mirrors == null ? List.<String>of() : mirrors) {
      String url = raw == null ? "" : raw.trim();
      if (url.isEmpty()) {
        continue;
      }
      checked.add(check(url));
    }
    mirrors = List.copyOf(checked);
  }

  private static String check(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new URISyntaxException(url, "not an http(s) base address");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("samizdat.reach.mirrors (SAMIZDAT_MIRRORS) must be comma-separated base URLs like"
          + " https://mirror.example.net, but '" + url + "' is not one: " + e.getMessage(), e);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

package org.samizdat.site;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param baseUrl the main domain, for canonical links, feeds and sitemaps (no trailing slash)
 * @param country where the newsroom's journalism is banned, named in the site's footer; empty hides
 *     it
 * @param feedMediaUrl where feeds take their images from instead of the main domain: a mirror's
 *     base address, whose {@code /media/} holds the same files (no trailing slash); empty keeps
 *     them on the main domain. Readers whose country blocks the main domain still see the pictures
 *     in their feed reader. Links stay on the main domain.
 */
@ConfigurationProperties("samizdat.site")
public record SiteSettings(
    @DefaultValue("http://localhost:8080") String baseUrl,
    @DefaultValue("") String country,
    @DefaultValue("") String feedMediaUrl) {

  public SiteSettings {
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    feedMediaUrl = checkedFeedMediaUrl(feedMediaUrl);
  }

  public String absolute(String path) {
    return baseUrl + path;
  }

  /**
   * Where a feed points for a stored image's path ({@code /media/...}): on the configured feed
   * media address when there is one, otherwise on the main domain.
   */
  public String feedMedia(String mediaPath) {
    return (feedMediaUrl.isEmpty() ? baseUrl : feedMediaUrl) + mediaPath;
  }

  /** The host feeds take images from when it is not the main domain's, lower case. */
  public Optional<String> feedMediaHost() {
    return feedMediaUrl.isEmpty()
        ? Optional.empty()
        : Optional.of(URI.create(feedMediaUrl).getHost().toLowerCase(Locale.ROOT));
  }

  private static String checkedFeedMediaUrl(String value) {
    String url = value == null ? "" : value.trim();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (url.isEmpty()) {
      return "";
    }
    String problem = null;
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        problem = "it is not an absolute http or https address";
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problem = "it has a query or a fragment";
      } else if (uri.getRawUserInfo() != null) {
        problem = "it holds a user name or password";
      }
    } catch (URISyntaxException e) {
      problem = "it is not an address (" + e.getReason() + ")";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "samizdat.site.feed-media-url (SAMIZDAT_FEED_MEDIA_URL) must be the base address of"
              + " a mirror that serves the site's /media/ files, like https://mirror.example.net, without query or fragment;"
              + " '"
              + value
              + "' is not: "
              + problem
              + ". Leave it empty to keep feed images on the main domain.");
    }
    return url;
  }
}

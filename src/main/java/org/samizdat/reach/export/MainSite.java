package org.samizdat.reach.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The main site as the copy refers to it: the domain canonical, hreflang and feed links keep
 * pointing to, and where giving happens. The copy cannot take payments itself, so the support
 * routes stay on the main site (or on the configured support address).
 */
final class MainSite {

  private static final Pattern SUPPORT = Pattern.compile("^(/ru)?/support(/.*)?$");

  private final String baseUrl;
  private final String host;
  private final String supportUrl;

  /**
   * @param baseUrl the main domain, {@code https://example.org}, no trailing slash
   * @param supportUrl the configured support address, or empty for the main site's own
   */
  MainSite(String baseUrl, String supportUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.host =
        hostOf(this.baseUrl)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "samizdat.site.base-url must be an absolute http(s) address for the static export; it is '"
                            + baseUrl
                            + "'."));
    this.supportUrl = supportUrl == null ? "" : supportUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** An address on the main domain, from a path (and query and fragment) of the site. */
  String absolute(String path) {
    return baseUrl + path;
  }

  /**
   * True for an http(s) address on the main domain (any port: the export fetches through another
   * one).
   */
  boolean isMain(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https"))
        && uri.getHost() != null
        && uri.getHost().toLowerCase(Locale.ROOT).equals(host);
  }

  /** The hosts the copy may name: the main domain and the support address's host. */
  Set<String> hosts() {
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(host);
    hostOf(supportUrl).ifPresent(hosts::add);
    return hosts;
  }

  /**
   * Where a link to a support route leads from the copy: {@code /support} to the support address,
   * {@code /support/pay} (the appeal form) to its {@code /pay}, and so on; empty when the path is
   * not a support route.
   *
   * @param rawQuery the link's query, or null
   * @param rawFragment the link's fragment, or null
   */
  Optional<String> support(String path, String rawQuery, String rawFragment) {
    Matcher m = SUPPORT.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    boolean russian = m.group(1) != null;
    String rest = m.group(2) == null ? "" : m.group(2);
    String base = supportUrl.isEmpty() ? baseUrl + (russian ? "/ru" : "") + "/support" : supportUrl;
    return Optional.of(
        base
            + rest
            + (rawQuery == null ? "" : "?" + rawQuery)
            + (rawFragment == null ? "" : "#" + rawFragment));
  }

  static boolean isSupportPage(String path) {
    return path.equals("/support") || path.equals("/ru/support");
  }

  /** Which way of giving leaves which traces: plain words, as useful in the copy as anywhere. */
  static boolean isSafeGivingPage(String path) {
    return path.equals("/support/safely") || path.equals("/ru/support/safely");
  }

  private static Optional<String> hostOf(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(uri.getHost().toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

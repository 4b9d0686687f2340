package org.samizdat.reach.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which site addresses belong in the static copy, the file each one becomes, and how one file of
 * the copy links to another. Pages become folders with an {@code index.html} ({@code
 * /2026/11/29/slug} is {@code 2026/11/29/slug/index.html}), so a copy served by any static host
 * keeps the site's addresses, and links name {@code index.html} outright, so the same copy also
 * works from {@code file://} and object stores that have no directory index.
 *
 * <p>An allow-list, not a deny-list: an address that is not one of the reader's page types (the
 * newsroom, search, the support forms, anything unknown) is never fetched or written.
 */
final class ExportPaths {

  static final int MAX_PAGE = 10_000;
  private static final String SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  private static final String EDITION = "(?:/ru)?";

  /** Pages with more pages behind them: {@code ?page=N} becomes {@code page/N/index.html}. */
  private static final Pattern LIST =
      Pattern.compile("^" + EDITION + "(?:/|/(?:section|tag|author)/" + SLUG + ")$");

  private static final Pattern SINGLE =
      Pattern.compile("^(?:" + EDITION + "/(?:about|support)|/\\d{4}/\\d{2}/\\d{2}/" + SLUG + ")$");
  private static final Pattern FILE =
      Pattern.compile(
          "^(?:"
              + EDITION
              + "(?:/(?:section|tag)/"
              + SLUG
              + ")?/feed\\.(?:rss|atom|json)"
              + "|/mirrors\\.(?:json|json\\.sig|pub|pem)"
              + "|/sitemap(?:-pages|-articles|-news)?\\.xml"
              + "|/robots\\.txt"
              + "|/favicon\\.(?:svg|ico)"
              + "|/css/[a-z0-9][a-z0-9_-]*(?:\\.[a-z0-9_-]+)*\\.css"
              + "|/js/[a-z0-9][a-z0-9_-]*(?:\\.[a-z0-9_-]+)*\\.js"
              + "|/media/[a-f0-9]{24}-\\d{1,5}\\.(?:jpg|png|webp)"
              + ")$");
  private static final Pattern PAGE_QUERY = Pattern.compile("^page=(\\d{1,5})$");

  private ExportPaths() {}

  /** A site address: a path, and a query only where it picks a page of a list. */
  record Address(String path, int page) {
    Address {
      if (page < 1) {
        throw new IllegalArgumentException("Pages are numbered from 1.");
      }
    }

    static Address of(String path) {
      return new Address(path, 1);
    }

    /** The path and query as the site serves it. */
    String request() {
      return page == 1 ? path : path + "?page=" + page;
    }
  }

  /**
   * The address of an internal link, if the copy holds it.
   *
   * @param path the link's path, as it appears (percent-encoded)
   * @param query the link's query, or null
   */
  static Optional<Address> address(String path, String query) {
    if (path == null) {
      return Optional.empty();
    }
    String p = path.equals("/ru") ? "/ru/" : path;
    if (query == null || query.isEmpty()) {
      // pages have no dot in their path, files always have one: one pattern to try, not three
      boolean file = p.indexOf('.') >= 0;
      boolean known =
          file
              ? FILE.matcher(p).matches()
              : LIST.matcher(p).matches() || SINGLE.matcher(p).matches();
      return known ? Optional.of(Address.of(p)) : Optional.empty();
    }
    Matcher m = PAGE_QUERY.matcher(query);
    if (LIST.matcher(p).matches() && m.matches()) {
      int page = Integer.parseInt(m.group(1));
      return page >= 1 && page <= MAX_PAGE ? Optional.of(new Address(p, page)) : Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The file of the copy that holds this address, relative to the copy's root, with {@code /} as
   * separator.
   */
  static String file(Address address) {
    String p = address.path();
    if (p.indexOf('.') >= 0 && FILE.matcher(p).matches()) {
      return p.substring(1);
    }
    String dir = p.endsWith("/") ? p.substring(1) : p.substring(1) + "/";
    if (address.page() > 1) {
      dir += "page/" + address.page() + "/";
    }
    return dir + "index.html";
  }

  private static final Pattern LIST_PAGE_FILE =
      Pattern.compile("^(.*?)/?page/(\\d{1,5})/index\\.html$");

  /** The address a file of the copy holds: the inverse of {@link #file(Address)}. */
  static Optional<Address> addressOf(String file) {
    String path;
    int page = 1;
    if (file.equals("index.html") || file.endsWith("/index.html")) {
      Matcher m = LIST_PAGE_FILE.matcher(file);
      String dir;
      if (m.matches()) {
        dir = m.group(1);
        page = Integer.parseInt(m.group(2));
      } else {
        dir = file.substring(0, file.length() - "index.html".length());
        if (dir.endsWith("/")) {
          dir = dir.substring(0, dir.length() - 1);
        }
      }
      path = dir.isEmpty() ? "/" : isEdition(dir) ? "/" + dir + "/" : "/" + dir;
    } else {
      path = "/" + file;
    }
    Optional<Address> address = ExportPaths.address(path, page > 1 ? "page=" + page : null);
    return address.filter(a -> file(a).equals(file));
  }

  /** The path and query of the address a file of the copy holds. */
  static Optional<String> request(String file) {
    return addressOf(file).map(Address::request);
  }

  static boolean isPage(String file) {
    return file.endsWith(".html");
  }

  /** The name of a stored image, if this address is one ({@code /media/<name>}). */
  static Optional<String> mediaName(Address address) {
    return address.path().startsWith("/media/")
        ? Optional.of(address.path().substring("/media/".length()))
        : Optional.empty();
  }

  /**
   * The link from one file of the copy to another, relative, so it holds wherever the copy is put:
   * from {@code 2026/11/29/slug/index.html}, {@code index.html} is {@code ../../../../index.html}
   * and {@code 2026/11/29/slug/index.html} itself is {@code index.html}.
   */
  static String relative(String fromFile, String toFile) {
    List<String> from = new ArrayList<>(List.of(fromFile.split("/")));
    from.remove(from.size() - 1);
    String[] to = toFile.split("/");
    int common = 0;
    while (common < from.size() && common < to.length - 1 && from.get(common).equals(to[common])) {
      common++;
    }
    StringBuilder link = new StringBuilder();
    for (int i = common; i < from.size(); i++) {
      link.append("../");
    }
    for (int i = common; i < to.length; i++) {
      link.append(to[i]);
      if (i < to.length - 1) {
        link.append('/');
      }
    }
    return link.toString();
  }

  /** A language's edition of the site (its front page lives at /code/, with the slash). */
  private static boolean isEdition(String dir) {
    return org.samizdat.platform.i18n.Language.fromCode(dir)
        .map(l -> l.code().equals(dir) && !l.pathPrefix().isEmpty())
        .orElse(false);
  }
}

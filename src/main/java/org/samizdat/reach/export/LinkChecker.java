package org.samizdat.reach.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the links of a static copy that lead nowhere: every {@code href}, {@code src}, {@code
 * srcset} entry and stylesheet {@code url()} that is relative is resolved against its file's place
 * in the copy, and must name a file that is there. A link starting with {@code /} counts as broken
 * too, since it only works at the root of a web server, and so does one to a folder, since {@code
 * file://} and object stores show no {@code index.html} for it. Absolute addresses (the main site,
 * other hosts) are {@link HostCheck}'s business.
 */
public final class LinkChecker {

  /** One link that leads nowhere, with where it is and why. */
  public record BrokenLink(String file, String link, String problem) {
    @Override
    public String toString() {
      return file + ": " + link + " (" + problem + ")";
    }
  }

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern REFRESH =
      Pattern.compile("(?i)^\\s*\\d+\\s*;\\s*url\\s*=\\s*['\"]?([^'\"]+)['\"]?\\s*$");

  private LinkChecker() {}

  /** Checks every HTML page and stylesheet in the copy at {@code root}. */
  public static List<BrokenLink> check(Path copy) {
    Path root = copy.toAbsolutePath().normalize();
    try (Stream<Path> paths = Files.walk(root)) {
      List<String> files =
          paths
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(f -> !f.startsWith(".") && !f.contains("/."))
              .sorted()
              .toList();
      return check(root, files);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the copy at " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks these files of the copy (paths relative to {@code root}, with {@code /}); other kinds
   * than HTML and CSS are skipped.
   */
  public static List<BrokenLink> check(Path copy, Collection<String> files) {
    Path root = copy.toAbsolutePath().normalize();
    List<BrokenLink> broken = new ArrayList<>();
    for (String file : files) {
      String lower = file.toLowerCase(Locale.ROOT);
      if (!lower.endsWith(".html") && !lower.endsWith(".css")) {
        continue;
      }
      String text;
      try {
        text = Files.readString(root.resolve(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        broken.add(new BrokenLink(file, "", "could not be read: " + e.getMessage()));
        continue;
      }
      for (String link : lower.endsWith(".css") ? CssUrls.in(text) : linksOf(text)) {
        String problem = problem(root, file, link);
        if (problem != null) {
          broken.add(new BrokenLink(file, link, problem));
        }
      }
    }
    return broken;
  }

  /** Every address an HTML page links to or loads. */
  static List<String> linksOf(String html) {
    return linksOf(Jsoup.parse(html));
  }

  /** Every address a parsed HTML page links to or loads, in one pass over its elements. */
  static List<String> linksOf(Document doc) {
    List<String> links = new ArrayList<>();
    List<String> srcsets = new ArrayList<>();
    List<String> styles = new ArrayList<>();
    List<String> refreshes = new ArrayList<>();
    for (Element e : doc.getAllElements()) {
      if (e.attributesSize() > 0) {
        for (String attribute : LINK_ATTRIBUTES) {
          if (e.hasAttr(attribute)) {
            links.add(e.attr(attribute));
          }
        }
        if (e.hasAttr("srcset")) {
          srcsets.add(e.attr("srcset"));
        }
        if (e.hasAttr("style")) {
          styles.addAll(CssUrls.in(e.attr("style")));
        }
        if (e.normalName().equals("meta") && e.attr("http-equiv").equalsIgnoreCase("refresh")) {
          refreshes.add(e.attr("content"));
        }
      }
      if (e.normalName().equals("style")) {
        styles.addAll(CssUrls.in(e.data()));
      }
    }
    for (String srcset : srcsets) {
      for (String candidate : srcset.split(",")) {
        String c = candidate.trim();
        if (!c.isEmpty()) {
          links.add(c.split("\\s+")[0]);
        }
      }
    }
    links.addAll(styles);
    for (String content : refreshes) {
      Matcher m = REFRESH.matcher(content);
      if (m.matches()) {
        links.add(m.group(1));
      }
    }
    return links;
  }

  private static final List<String> LINK_ATTRIBUTES =
      List.of("href", "src", "poster", "data", "background");

  /**
   * Where a relative link of a file of the copy leads: the file of the copy it names ({@code
   * file}), or why it can name none ({@code problem}). Null for what is not a relative link
   * (absolute addresses, fragments). Worked out on the names alone, so pages can be checked as they
   * are written and their targets looked up once the copy is complete.
   */
  record Target(String file, String problem) {}

  static Target target(String file, String link) {
    String value = link.trim();
    if (value.isEmpty()
        || value.startsWith("#")
        || value.startsWith("//")
        || SCHEME.matcher(value).find()) {
      return null;
    }
    if (value.startsWith("/")) {
      return new Target(
          null,
          "starts at the root of a web server, so it breaks from file:// and under a sub-path");
    }
    String path = value;
    int cut = indexOfAny(path, '#', '?');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    if (path.isEmpty()) {
      return null;
    }
    String decoded;
    if (path.indexOf('%') < 0) {
      decoded = path; // most links: nothing to decode ('+' stays '+' in a path)
    } else {
      try {
        decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new Target(null, "is not a valid address");
      }
    }
    if (decoded.indexOf('\0') >= 0) {
      return new Target(null, "is not a valid address");
    }
    // resolved on the names alone, as a path relative to the file's folder inside the copy
    ArrayList<String> segments = new ArrayList<>(8);
    for (int start = 0, slash; (slash = file.indexOf('/', start)) >= 0; start = slash + 1) {
      segments.add(file.substring(start, slash));
    }
    if (decoded.startsWith("/")) {
      return new Target(null, "leads outside the copy");
    }
    int start = 0;
    while (start <= decoded.length()) {
      int slash = decoded.indexOf('/', start);
      int end = slash < 0 ? decoded.length() : slash;
      String segment = decoded.substring(start, end);
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return new Target(null, "leads outside the copy");
        }
        segments.remove(segments.size() - 1);
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (segments.isEmpty()) {
      return new Target(null, "leads outside the copy");
    }
    if (decoded.endsWith("/")) {
      return new Target(
          null, "names a folder, which file:// and object stores do not open as index.html");
    }
    return new Target(String.join("/", segments), null);
  }

  /** Why a link from this file leads nowhere, or null when it is fine (or not a relative link). */
  static String problem(Path root, String file, String link) {
    String value = link.trim();
    if (value.isEmpty()
        || value.startsWith("#")
        || value.startsWith("//")
        || SCHEME.matcher(value).find()) {
      return null;
    }
    if (value.startsWith("/")) {
      return "starts at the root of a web server, so it breaks from file:// and under a sub-path";
    }
    String path = value;
    int cut = indexOfAny(path, '#', '?');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    if (path.isEmpty()) {
      return null;
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "is not a valid address";
    }
    Path base = root.resolve(file).getParent();
    Path target = base.resolve(decoded).normalize();
    if (!target.startsWith(root)) {
      return "leads outside the copy";
    }
    if (decoded.endsWith("/") || Files.isDirectory(target)) {
      return "names a folder, which file:// and object stores do not open as index.html";
    }
    if (!Files.isRegularFile(target)) {
      return "no such file in the copy";
    }
    return null;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}

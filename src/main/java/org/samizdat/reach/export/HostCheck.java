package org.samizdat.reach.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a static copy for what it must never hold. A reference to any host other than the main
 * domain (and the support address) in its HTML, CSS, XML or scripts: a copy read where the site is
 * blocked must not make the reader's browser contact anyone else, and must not depend on a host
 * that can be blocked in turn. Links into the newsroom, and the TEST MODE notices of the main
 * site's test checkout.
 *
 * <p>One kind of reference to another host is reported but allowed: a plain link in the text
 * ({@code <a href>}), which a reader follows by choice and which journalism needs to cite its
 * sources. Everything a page loads by itself (images, scripts, stylesheets, frames), and every
 * address in feeds and sitemaps outside article text, must be on the main domain.
 */
public final class HostCheck {

  /**
   * One reference found, with the file, what refers ({@code img[src]}, {@code text}) and the
   * address or words.
   */
  public record Reference(String file, String where, String value) {
    @Override
    public String toString() {
      return file + ": " + where + " " + value;
    }
  }

  /**
   * @param foreign references to other hosts that pages load or that feeds and sitemaps carry: the
   *     copy fails
   * @param outbound links in the text to other hosts: allowed, reported
   * @param leaks links into the newsroom and TEST MODE notices: the copy fails
   */
  public record Result(List<Reference> foreign, List<Reference> outbound, List<Reference> leaks) {
    public boolean clean() {
      return foreign.isEmpty() && leaks.isEmpty();
    }
  }

  /** What the main site's test checkout writes on its pages, in every language it speaks. */
  static final List<String> TEST_MODE_WORDS =
      java.util.Arrays.stream(Language.values())
          .map(language -> Messages.of(language).t("testmode.words"))
          .toList();

  private static final Set<String> URL_ATTRIBUTES =
      Set.of(
          "href",
          "src",
          "action",
          "formaction",
          "poster",
          "data",
          "cite",
          "background",
          "longdesc",
          "manifest",
          "icon",
          "codebase",
          "archive",
          "xlink:href",
          "itemtype",
          "profile");
  private static final Set<String> TEXT_FILES =
      Set.of("html", "xml", "rss", "atom", "css", "js", "txt", "json");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> HTML_IN_XML =
      Set.of("content:encoded", "content", "summary", "description", "media:description");
  private static final Pattern ABSOLUTE = Pattern.compile("(?i)^(?:https?:)?//[^/\\s]");
  private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>()\\\\]+");
  private static final Pattern JSON_LD_CONTEXT =
      Pattern.compile("\"@context\"\\s*:\\s*(\"[^\"]*\"|\\[[^\\]]*\\])");
  private static final Pattern SCHEME = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*:");
  private static final Pattern REFRESH =
      Pattern.compile("(?i)^\\s*\\d+\\s*;\\s*url\\s*=\\s*['\"]?([^'\"]+)['\"]?\\s*$");

  private final Set<String> allowedHosts;

  /**
   * @param allowedHosts the main domain's host, and the support address's
   */
  public HostCheck(Collection<String> allowedHosts) {
    this.allowedHosts =
        allowedHosts.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Checks every file of the copy at {@code root}. */
  public Result check(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    try (Stream<Path> paths = Files.walk(dir)) {
      return check(
          dir,
          paths
              .filter(Files::isRegularFile)
              .map(p -> dir.relativize(p).toString().replace('\\', '/'))
              .filter(f -> !f.startsWith(".") && !f.contains("/."))
              .sorted()
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the copy at " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks these files of the copy (paths relative to {@code root}, with {@code /}); images are
   * skipped.
   */
  public Result check(Path root, Collection<String> files) {
    Findings findings = new Findings();
    for (String file : files) {
      if (!isChecked(file)) {
        continue;
      }
      String text;
      try {
        text = Files.readString(root.resolve(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not read " + root.resolve(file) + ": " + e.getMessage(), e);
      }
      check(file, text, null, findings);
    }
    return findings.result();
  }

  /** Whether files of this name are checked (text files; images are not). */
  static boolean isChecked(String file) {
    return TEXT_FILES.contains(extension(file));
  }

  /**
   * Checks one file of the copy as it is written, without reading it back.
   *
   * @param page the file parsed as HTML, when the caller has it already; else it is parsed here
   */
  Result check(String file, String text, Document page) {
    Findings findings = new Findings();
    if (isChecked(file)) {
      check(file, text, page, findings);
    }
    return findings.result();
  }

  private static String extension(String file) {
    return file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private void check(String file, String text, Document page, Findings findings) {
    for (String words : TEST_MODE_WORDS) {
      if (text.contains(words)) {
        findings.leaks.add(new Reference(file, "text", words));
      }
    }
    switch (extension(file)) {
      case "html" -> html(file, page != null ? page : Jsoup.parse(text), findings);
      case "xml", "rss", "atom" -> xml(file, text, findings);
      case "css" -> CssUrls.in(text).forEach(url -> reference(file, "url()", url, false, findings));
      case "json" -> json(file, text, findings);
      case "js" -> {
        Matcher m = URL_IN_TEXT.matcher(text);
        while (m.find()) {
          reference(file, "address in the script", m.group(), false, findings);
        }
      }
      default -> {}
    }
  }

  private void html(String file, Document doc, Findings findings) {
    for (Element e : doc.getAllElements()) {
      String tag = e.normalName();
      boolean followedByChoice = tag.equals("a") || tag.equals("area");
      if (e.attributesSize() == 0) {
        // nothing to look at but a style or script element's own text, below
      } else {
        for (Attribute a : e.attributes()) {
          attribute(file, e, tag, followedByChoice, a, findings);
        }
      }
      if (tag.equals("style")) {
        CssUrls.in(e.data()).forEach(url -> reference(file, "style", url, false, findings));
      } else if (tag.equals("script") && !e.hasAttr("src")) {
        // JSON-LD names its vocabulary ("@context": "https://schema.org"); nothing fetches it
        Matcher m = URL_IN_TEXT.matcher(JSON_LD_CONTEXT.matcher(e.data()).replaceAll(""));
        while (m.find()) {
          reference(file, "script", m.group(), false, findings);
        }
      }
    }
  }

  private void attribute(
      String file,
      Element e,
      String tag,
      boolean followedByChoice,
      Attribute a,
      Findings findings) {
    String key = a.getKey().toLowerCase(Locale.ROOT);
    String value = a.getValue();
    Supplier<String> where = () -> tag + "[" + key + "]";
    if (key.equals("srcset")) {
      for (String candidate : value.split(",")) {
        if (!candidate.isBlank()) {
          reference(file, where, candidate.trim().split("\\s+")[0], false, findings);
        }
      }
    } else if (key.equals("ping")) {
      for (String url : value.trim().split("\\s+")) {
        reference(file, where, url, false, findings);
      }
    } else if (key.equals("style")) {
      CssUrls.in(value).forEach(url -> reference(file, where, url, false, findings));
    } else if (tag.equals("meta")
        && key.equals("content")
        && e.attr("http-equiv").equalsIgnoreCase("refresh")) {
      Matcher m = REFRESH.matcher(value);
      if (m.matches()) {
        reference(file, where, m.group(1), false, findings);
      }
    } else if (URL_ATTRIBUTES.contains(key)
        || (value.contains("//") && ABSOLUTE.matcher(value.trim()).find())) {
      reference(file, where, value, followedByChoice && key.equals("href"), findings);
    }
  }

  /**
   * A JSON Feed's article text is checked as the page it comes from, its other addresses as loads;
   * the addresses in the list of mirrors are places a reader chooses to go.
   */
  private void json(String file, String text, Findings findings) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      Matcher m = URL_IN_TEXT.matcher(text);
      while (m.find()) {
        reference(file, "address in the file", m.group(), false, findings);
      }
      return;
    }
    boolean mirrorList = file.endsWith("mirrors.json");
    json(file, "", root, mirrorList, findings);
  }

  private void json(
      String file, String key, JsonNode node, boolean followedByChoice, Findings findings) {
    if (node.isObject()) {
      for (var field : node.properties()) {
        json(file, field.getKey(), field.getValue(), followedByChoice, findings);
      }
    } else if (node.isArray()) {
      node.forEach(child -> json(file, key, child, followedByChoice, findings));
    } else if (node.isString()) {
      String value = node.asString();
      if (key.equals("content_html")) {
        html(file + " content_html", Jsoup.parseBodyFragment(value), findings);
      } else if (key.equals("version") && value.startsWith("https://jsonfeed.org/version/")) {
        return; // names the format, never fetched
      } else if (ABSOLUTE.matcher(value.trim()).find() && !value.trim().contains(" ")) {
        reference(file, "\"" + key + "\"", value, followedByChoice, findings);
      }
    }
  }

  private void xml(String file, String text, Findings findings) {
    Document doc = Jsoup.parse(text, "", Parser.xmlParser());
    for (Element e : doc.getAllElements()) {
      String tag = e.tagName();
      for (Attribute a : e.attributes()) {
        String key = a.getKey();
        if (key.equals("xmlns") || key.startsWith("xmlns:") || key.endsWith(":schemaLocation")) {
          continue; // names of vocabularies, never fetched
        }
        if (ABSOLUTE.matcher(a.getValue().trim()).find()
            || key.equals("href")
            || key.equals("src")) {
          reference(file, tag + "[" + key + "]", a.getValue(), false, findings);
        }
      }
      String own =
          e.textNodes().stream().map(TextNode::getWholeText).collect(Collectors.joining()).trim();
      if (own.isEmpty()) {
        continue;
      }
      if (HTML_IN_XML.contains(tag.toLowerCase(Locale.ROOT))) {
        // article text inside a feed: checked as the page it comes from
        html(file + " <" + tag + ">", Jsoup.parseBodyFragment(own), findings);
      } else if (ABSOLUTE.matcher(own).find() && !own.contains(" ")) {
        reference(file, "<" + tag + ">", own, false, findings);
      }
    }
  }

  /** Sorts one address: fine, another host (followed by choice or not), or into the newsroom. */
  private void reference(
      String file, String where, String raw, boolean followedByChoice, Findings findings) {
    reference(file, () -> where, raw, followedByChoice, findings);
  }

  /**
   * @param where what refers, worked out only for a reference that is reported (a page has hundreds
   *     of addresses and most are fine)
   */
  private void reference(
      String file,
      Supplier<String> where,
      String raw,
      boolean followedByChoice,
      Findings findings) {
    String value = raw.trim();
    if (value.isEmpty() || value.startsWith("#")) {
      return;
    }
    boolean absolute = value.contains("//") && ABSOLUTE.matcher(value).find();
    if (!absolute && !value.contains("newsroom")) {
      return; // a path on the main site that cannot lead into the newsroom
    }
    if (!absolute && SCHEME.matcher(value).find()) {
      return; // mailto:, data:, tel:
    }
    String path;
    if (absolute) {
      URI uri;
      try {
        uri = new URI(value.startsWith("//") ? "https:" + value : value);
      } catch (URISyntaxException e) {
        findings.foreign.add(new Reference(file, where.get(), value));
        return;
      }
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (!allowedHosts.contains(host)) {
        (followedByChoice ? findings.outbound : findings.foreign)
            .add(new Reference(file, where.get(), value));
        return;
      }
      path = uri.getRawPath() == null ? "" : uri.getRawPath();
    } else if (value.startsWith("/")) {
      path = value;
    } else {
      String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
      try {
        path =
            Path.of("/" + dir + value.split("[?#]", 2)[0])
                .normalize()
                .toString()
                .replace('\\', '/');
      } catch (RuntimeException e) {
        return; // not a path at all: the link checker reports it
      }
    }
    if (path.equals("/newsroom") || path.startsWith("/newsroom/")) {
      findings.leaks.add(new Reference(file, where.get(), value));
    }
  }

  private static final class Findings {
    final List<Reference> foreign = new ArrayList<>();
    final List<Reference> outbound = new ArrayList<>();
    final List<Reference> leaks = new ArrayList<>();

    Result result() {
      return new Result(List.copyOf(foreign), List.copyOf(outbound), List.copyOf(leaks));
    }
  }
}

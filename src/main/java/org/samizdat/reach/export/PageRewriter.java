package org.samizdat.reach.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.samizdat.reach.export.ExportPaths.Address;

/**
 * Turns a page of the site into a page of the copy. Every internal link, image, stylesheet and
 * script becomes relative to the page's file; canonical, hreflang and feed links stay absolute on
 * the main domain (search engines and feed readers need the original); forms and links to what a
 * static copy cannot do (giving, search) go to the main site, absolute; and the TEST MODE notices,
 * which describe the main site's checkout rather than the copy, are left out. Parsed with jsoup,
 * never edited as text.
 */
final class PageRewriter {

  /** Attributes that hold one address. */
  private static final Set<String> LINKS =
      Set.of("href", "src", "poster", "data", "cite", "background", "longdesc");

  private static final Set<String> FORMS = Set.of("action", "formaction");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  /**
   * @param found addresses the copy holds that this page links to or loads
   * @param outside addresses of the site this page links to that the copy does not hold: the links
   *     lead to the main site instead (a page the site does not have, for one)
   */
  record Result(byte[] bytes, Set<Address> found, Set<Address> outside, Document document) {
    Result(byte[] bytes, Set<Address> found, Set<Address> outside) {
      this(bytes, found, outside, null);
    }
  }

  private final MainSite site;
  private final Predicate<Address> inCopy;
  private final Map<String, String> copyFixes;

  /**
   * @param inCopy whether the copy holds an address: links to the others lead to the main site, so
   *     a link to a page the site does not have never becomes a broken link of the copy
   * @param copyFixes words of the payment-methods line to replace (or, mapped to "", drop): the
   *     test-mode provider's name says TEST MODE, which the copy must not
   */
  PageRewriter(MainSite site, Predicate<Address> inCopy, Map<String, String> copyFixes) {
    this.site = site;
    this.inCopy = inCopy;
    this.copyFixes = copyFixes;
  }

  Result rewrite(Address address, String html) {
    String file = ExportPaths.file(address);
    URI page = URI.create(site.absolute(address.request()));
    Document doc = Jsoup.parse(html, page.toString());
    doc.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8);
    LeftOut leftOut = new LeftOut(html);
    Links links = new Links(page, file);
    for (Element element : doc.getAllElements()) {
      leftOut.look(element);
      if (element.attributesSize() > 0) {
        // values are set in place: the attributes' number and order stay as they are
        for (Attribute attribute : element.attributes()) {
          String key = attribute.getKey().toLowerCase(Locale.ROOT);
          String value = attribute.getValue();
          String now;
          if (key.equals("href") && isHeadReference(element)) {
            now = links.absolute(value);
          } else if (LINKS.contains(key)) {
            now = links.relative(value);
          } else if (key.equals("srcset")) {
            now = srcset(value, links);
          } else if (FORMS.contains(key)) {
            now = links.absolute(value);
          } else if (key.equals("style")) {
            now = CssUrls.rewrite(value, links::relative);
          } else {
            continue;
          }
          if (!now.equals(value)) {
            attribute.setValue(now);
          }
        }
      }
      if (element.normalName().equals("form") && !element.hasAttr("action")) {
        // a form without an action posts to its own page, which on a copy is no server at all
        element.attr("action", page.toString());
      }
      if (element.normalName().equals("style")) {
        for (DataNode data : element.dataNodes()) {
          data.setWholeData(CssUrls.rewrite(data.getWholeData(), links::relative));
        }
      }
    }
    leftOut.apply();
    return new Result(
        doc.outerHtml().getBytes(StandardCharsets.UTF_8), links.found, links.outside, doc);
  }

  /** A stylesheet of the site, with what it loads made relative to it. */
  Result rewriteCss(Address address, String css) {
    Links links =
        new Links(URI.create(site.absolute(address.request())), ExportPaths.file(address));
    return new Result(
        CssUrls.rewrite(css, links::relative).getBytes(StandardCharsets.UTF_8),
        links.found,
        links.outside);
  }

  /** A page that the site redirects: a stub that sends browsers on, and works from file:// too. */
  Result redirect(Address from, Address to) {
    String link = ExportPaths.relative(ExportPaths.file(from), ExportPaths.file(to));
    Document doc =
        Jsoup.parse(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title></head><body></body></html>");
    doc.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8);
    doc.title("→ " + to.request());
    doc.head()
        .appendElement("meta")
        .attr("http-equiv", "refresh")
        .attr("content", "0; url=" + link);
    doc.head()
        .appendElement("link")
        .attr("rel", "canonical")
        .attr("href", site.absolute(to.request()));
    doc.body().appendElement("p").appendElement("a").attr("href", link).text(to.request());
    return new Result(doc.outerHtml().getBytes(StandardCharsets.UTF_8), Set.of(to), Set.of());
  }

  /**
   * Links that tell search engines and feed readers about the original: they keep its absolute
   * address.
   */
  private static boolean isHeadReference(Element element) {
    if (!element.normalName().equals("link")) {
      return false;
    }
    Set<String> rel = Set.of(element.attr("rel").toLowerCase(Locale.ROOT).trim().split("\\s+"));
    return rel.contains("canonical") || rel.contains("alternate") || rel.contains("shortlink");
  }

  /**
   * The TEST MODE notices, the experiments' counting images and the payment-methods line's words,
   * found in the same walk over the page as its links (a select for each walked the page again),
   * and only looked for when the page's text has them.
   */
  private final class LeftOut {
    private final boolean testMode;
    private final boolean experiments;
    private final boolean methods;
    private final List<Element> remove = new ArrayList<>();
    private final List<Element> fix = new ArrayList<>();

    LeftOut(String html) {
      testMode = html.contains("testmode-flag");
      // a static copy counts nothing for the site's experiments (its readers' views stay theirs)
      experiments = html.contains("experiment-seen");
      methods = !copyFixes.isEmpty() && html.contains("methods");
    }

    void look(Element element) {
      if (!(testMode || experiments || methods) || !element.hasAttr("class")) {
        return;
      }
      if (testMode && element.hasClass("testmode-flag")) {
        remove.add(element);
      } else if (experiments
          && element.normalName().equals("noscript")
          && element.hasClass("experiment-seen")) {
        remove.add(element);
      } else if (methods && element.normalName().equals("p") && element.hasClass("methods")) {
        fix.add(element);
      }
    }

    void apply() {
      remove.forEach(Element::remove);
      for (Element line : fix) {
        for (TextNode text : line.textNodes()) {
          String words = text.getWholeText();
          for (Map.Entry<String, String> f : copyFixes.entrySet()) {
            words = words.replace(f.getKey(), f.getValue());
          }
          text.text(words);
        }
      }
    }
  }

  private static String srcset(String value, Links links) {
    List<String> candidates = new ArrayList<>();
    for (String candidate : value.split(",")) {
      String c = candidate.trim();
      if (c.isEmpty()) {
        continue;
      }
      int space = c.indexOf(' ');
      String url = space < 0 ? c : c.substring(0, space);
      String descriptor = space < 0 ? "" : c.substring(space);
      candidates.add(links.relative(url) + descriptor);
    }
    return String.join(", ", candidates);
  }

  /** How one page's addresses are rewritten, collecting the internal ones the copy must hold. */
  private final class Links {
    private final URI page;
    private final String file;
    private final Set<Address> found = new LinkedHashSet<>();
    private final Set<Address> outside = new LinkedHashSet<>();

    Links(URI page, String file) {
      this.page = page;
      this.file = file;
    }

    /**
     * A link readers follow or a page loads: relative when the copy holds it, else absolute on the
     * main site.
     */
    String relative(String raw) {
      Optional<Target> target = resolve(raw);
      if (target.isEmpty()) {
        return raw;
      }
      Target t = target.get();
      String fragment = t.fragment() == null ? "" : "#" + t.fragment();
      if (MainSite.isSupportPage(t.path())
          && "other-ways".equals(t.fragment())
          && t.query() == null) {
        // the other ways to give (bank transfer, post...) are the ones that still work when the
        // main site is blocked
        Address support = Address.of(t.path());
        found.add(support);
        return ExportPaths.relative(file, ExportPaths.file(support)) + fragment;
      }
      if (MainSite.isSafeGivingPage(t.path()) && t.query() == null) {
        Address safely = Address.of(t.path());
        found.add(safely);
        return ExportPaths.relative(file, ExportPaths.file(safely)) + fragment;
      }
      Optional<String> support = site.support(t.path(), t.query(), t.fragment());
      if (support.isPresent()) {
        return support.get();
      }
      Optional<Address> address = ExportPaths.address(t.path(), t.query());
      if (address.isPresent() && inCopy.test(address.get())) {
        found.add(address.get());
        return ExportPaths.relative(file, ExportPaths.file(address.get())) + fragment;
      }
      address.ifPresent(outside::add);
      return site.absolute(t.path() + (t.query() == null ? "" : "?" + t.query()) + fragment);
    }

    /**
     * An address that must reach the main site whatever copy it is read from: forms, canonical and
     * alternate links.
     */
    String absolute(String raw) {
      if (raw.isBlank()) {
        return page.toString();
      }
      Optional<Target> target = resolve(raw);
      if (target.isEmpty()) {
        return raw;
      }
      Target t = target.get();
      ExportPaths.address(t.path(), t.query()).filter(inCopy).ifPresent(found::add);
      return site.support(t.path(), t.query(), t.fragment())
          .orElseGet(
              () ->
                  site.absolute(
                      t.path()
                          + (t.query() == null ? "" : "?" + t.query())
                          + (t.fragment() == null ? "" : "#" + t.fragment())));
    }

    /**
     * The main-site path an address leads to; empty for other hosts, fragments of this page,
     * mailto: and the like.
     */
    private Optional<Target> resolve(String raw) {
      String value = raw.trim();
      if (value.isEmpty() || value.startsWith("#")) {
        return Optional.empty();
      }
      if (isPlainPath(value)) {
        // most links of a page (/2026/11/29/slug, /css/site.css): no URI to parse
        int hash = value.indexOf('#');
        String fragment = hash < 0 ? null : value.substring(hash + 1);
        String rest = hash < 0 ? value : value.substring(0, hash);
        int question = rest.indexOf('?');
        String query = question < 0 ? null : rest.substring(question + 1);
        String path = question < 0 ? rest : rest.substring(0, question);
        return Optional.of(new Target(path, query, fragment));
      }
      if (SCHEME.matcher(value).find()
          && !value.regionMatches(true, 0, "http:", 0, 5)
          && !value.regionMatches(true, 0, "https:", 0, 6)) {
        return Optional.empty();
      }
      URI uri;
      try {
        uri = page.resolve(new URI(value));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.empty();
      }
      if (!site.isMain(uri)) {
        return Optional.empty();
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return Optional.of(new Target(path, uri.getRawQuery(), uri.getRawFragment()));
    }
  }

  private record Target(String path, String query, String fragment) {}

  /**
   * A path from the site's root whose characters need no escaping and no resolving: {@code
   * /section/world?page=2#top}, not {@code //host}, {@code /a/../b} or anything with a space or a
   * percent sign (those go through {@link URI}, as before).
   */
  static boolean isPlainPath(String value) {
    if (value.length() < 1 || value.charAt(0) != '/' || value.startsWith("//")) {
      return false;
    }
    int hashes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '/'
              || c == '-'
              || c == '_'
              || c == '='
              || c == '&'
              || c == '?'
              || c == '#'
              || (c == '.' && (i + 1 == value.length() || value.charAt(i + 1) != '.'));
      if (!plain) {
        return false;
      }
      if (c == '#' && ++hashes > 1) {
        return false;
      }
      if (c == '/' && i > 0 && value.charAt(i - 1) == '/') {
        return false;
      }
    }
    // a dot segment ("/./", "/." at the end) is resolved by URI
    return !value.contains("/./")
        && !value.endsWith("/.")
        && !value.contains("/.?")
        && !value.contains("/.#");
  }
}

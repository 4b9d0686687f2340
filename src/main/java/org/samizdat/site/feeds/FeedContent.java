package org.samizdat.site.feeds;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.LiveUpdate;

/**
 * The full text a feed reader shows. Feed readers resolve relative links badly or not at all, so
 * every address becomes absolute, and the hero image goes first, as on the article page. Images
 * stored on the site may come from a mirror instead (samizdat.site.feed-media-url), so a reader
 * whose country blocks the main domain still sees them; links stay on the main domain.
 */
final class FeedContent {

  private static final String MEDIA = "/media/";

  private FeedContent() {}

  /**
   * @param articleUrl the article's absolute address: relative links resolve against it, so {@code
   *     #note} stays on the article and {@code /media/...} lands on the main domain
   * @param siteRoot the main domain's root
   * @param mediaRoot where the site's {@code /media/} images are taken from: {@code siteRoot}
   *     itself, or a mirror's base address
   */
  static String html(Article article, String articleUrl, String siteRoot, String mediaRoot) {
    Key key =
        new Key(
            article.bodyHtml(),
            article.heroImage(),
            article.heroCaption(),
            article.heroCredit(),
            articleUrl,
            siteRoot,
            mediaRoot);
    return RENDERED.get(key, k -> render(article, articleUrl, siteRoot, mediaRoot));
  }

  /**
   * Everything an article's feed content is made of. A feed shows the same 30 articles to every
   * reader until one changes, and parsing each body again cost more than reading it: the content is
   * kept per key, so a changed body, picture, caption or address is simply a new key, never a stale
   * answer, on any node.
   */
  private record Key(
      String bodyHtml,
      Image hero,
      String caption,
      String credit,
      String articleUrl,
      String siteRoot,
      String mediaRoot) {}

  private static final Cache<Key, String> RENDERED =
      Caffeine.newBuilder()
          .maximumWeight(8_000_000)
          .weigher(
              (Key k, String html) ->
                  2 * (html.length() + (k.bodyHtml() == null ? 0 : k.bodyHtml().length())) + 256)
          .build();

  private static String render(
      Article article, String articleUrl, String siteRoot, String mediaRoot) {
    Document doc = absolute(article.bodyHtml(), articleUrl, siteRoot, mediaRoot);
    Image hero = article.heroImage();
    if (hero != null) {
      Element figure = doc.body().prependElement("figure");
      figure
          .appendElement("img")
          .attr("src", mediaRoot + hero.src())
          .attr("alt", hero.altText() == null ? "" : hero.altText());
      String caption = article.heroCaption() == null ? "" : article.heroCaption();
      String credit = article.heroCredit() == null ? "" : article.heroCredit();
      if (!caption.isEmpty() || !credit.isEmpty()) {
        Element figcaption = figure.appendElement("figcaption").text(caption);
        if (!credit.isEmpty()) {
          figcaption.appendText(caption.isEmpty() ? "" : " ").appendElement("small").text(credit);
        }
      }
    }
    return doc.body().html();
  }

  /**
   * A live update as a feed item's content: its text with absolute addresses, its photo after it.
   *
   * @param updateUrl the update's address on the article's page ({@code ...#update-7})
   */
  static String update(LiveUpdate update, String updateUrl, String siteRoot, String mediaRoot) {
    Document doc = absolute(update.bodyHtml(), updateUrl, siteRoot, mediaRoot);
    Image image = update.image();
    if (image != null) {
      doc.body()
          .appendElement("figure")
          .appendElement("img")
          .attr("src", mediaRoot + image.src())
          .attr("alt", image.altText() == null ? "" : image.altText());
    }
    return doc.body().html();
  }

  /** Sanitised HTML (publishing cleaned it; parsing it again only rewrites addresses). */
  private static Document absolute(String html, String baseUrl, String siteRoot, String mediaRoot) {
    Document doc = Jsoup.parseBodyFragment(html == null ? "" : html, baseUrl);
    doc.outputSettings().prettyPrint(false);
    absolutise(doc, "href");
    absolutise(doc, "src");
    for (Element element : doc.select("[srcset]")) {
      element.attr("srcset", srcset(element.attr("srcset"), baseUrl, siteRoot, mediaRoot));
    }
    for (Element img : doc.select("img[src]")) {
      img.attr("src", media(img.attr("src"), siteRoot, mediaRoot));
    }
    return doc;
  }

  /**
   * An absolute address of an image on the main domain's {@code /media/} taken from {@code
   * mediaRoot} instead; any other address as it is.
   */
  static String media(String address, String siteRoot, String mediaRoot) {
    if (mediaRoot.equals(siteRoot)) {
      return address;
    }
    boolean onMainSite =
        address.regionMatches(true, 0, siteRoot, 0, siteRoot.length())
            && address.startsWith(MEDIA, siteRoot.length());
    return onMainSite ? mediaRoot + address.substring(siteRoot.length()) : address;
  }

  private static void absolutise(Document doc, String attribute) {
    for (Element element : doc.select("[" + attribute + "]")) {
      String absolute = element.absUrl(attribute);
      if (!absolute.isEmpty()) {
        element.attr(attribute, absolute);
      }
    }
  }

  /**
   * Each candidate's address made absolute (and taken from the media root); its width or density
   * kept.
   */
  private static String srcset(String value, String articleUrl, String siteRoot, String mediaRoot) {
    List<String> candidates = new ArrayList<>();
    for (String candidate : value.split(",")) {
      String c = candidate.strip();
      if (c.isEmpty()) {
        continue;
      }
      String[] parts = c.split("\\s+", 2);
      String descriptor = parts.length > 1 ? " " + parts[1] : "";
      candidates.add(media(resolve(articleUrl, parts[0]), siteRoot, mediaRoot) + descriptor);
    }
    return String.join(", ", candidates);
  }

  private static String resolve(String base, String address) {
    try {
      return URI.create(base).resolve(address).toString();
    } catch (IllegalArgumentException e) {
      return address; // not an address java.net can read: left as the editor wrote it
    }
  }
}

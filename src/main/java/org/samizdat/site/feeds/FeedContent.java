package org.samizdat.site.feeds;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Image;

/**
 * The full text a feed reader shows. Feed readers resolve relative links badly or not at all,
 * so every address becomes absolute, and the hero image goes first, as on the article page.
 */
final class FeedContent {

  private FeedContent() {}

  /**
   * @param articleUrl the article's absolute address: relative links resolve against it, so
   *     {@code #note} stays on the article and {@code /media/...} lands on the main domain
   * @param siteRoot the main domain's root, for the hero image
   */
  static String html(Article article, String articleUrl, String siteRoot) {
    // The body was sanitised by publishing; parsing it again only rewrites addresses.
    Document doc = Jsoup.parseBodyFragment(article.bodyHtml() == null ? "" : article.bodyHtml(), articleUrl);
    doc.outputSettings().prettyPrint(false);
    absolutise(doc, "href");
    absolutise(doc, "src");
    Image hero = article.heroImage();
    if (hero != null) {
      Element figure = doc.body().prependElement("figure");
      figure.appendElement("img")
          .attr("src", siteRoot + hero.src())
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

  private static void absolutise(Document doc, String attribute) {
    for (Element element : doc.select("[" + attribute + "]")) {
      String absolute = element.absUrl(attribute);
      if (!absolute.isEmpty()) {
        element.attr(attribute, absolute);
      }
    }
  }
}

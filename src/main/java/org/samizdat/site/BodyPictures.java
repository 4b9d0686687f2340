package org.samizdat.site;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.springframework.stereotype.Component;

/**
 * Offers WebP beside JPEG/PNG for the uploaded images in an article's text: each such {@code <img>}
 * is wrapped in a {@code <picture>} with a {@code <source type="image/webp">}, so every reader gets
 * the same bytes and the browser picks. Done when the page is rendered, not stored in the article,
 * so feeds and the newsletter keep their plain {@code <img>} and older articles benefit too.
 */
@Component
class BodyPictures {

  private final MediaLibrary media;

  BodyPictures(MediaLibrary media) {
    this.media = media;
  }

  String offerWebp(String bodyHtml) {
    if (bodyHtml == null || !bodyHtml.contains("/media/")) {
      return bodyHtml;
    }
    Document doc = Jsoup.parseBodyFragment(bodyHtml);
    doc.outputSettings(new Document.OutputSettings().prettyPrint(false));
    boolean changed = false;
    for (Element img : doc.select("img[src^=/media/]")) {
      if (img.parent() != null && img.parent().nameIs("picture")) {
        continue;
      }
      Image image =
          media.findByFileName(img.attr("src").substring("/media/".length())).orElse(null);
      if (image == null || !image.webp()) {
        continue;
      }
      img.wrap("<picture></picture>");
      Element source =
          new Element("source").attr("type", "image/webp").attr("srcset", image.webpSrcset());
      if (img.hasAttr("sizes")) {
        source.attr("sizes", img.attr("sizes"));
      }
      img.before(source);
      changed = true;
    }
    return changed ? doc.body().html() : bodyHtml;
  }
}

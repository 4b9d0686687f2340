package org.samizdat.publishing;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;
import org.springframework.stereotype.Component;

/**
 * Markdown to the HTML readers get. Whatever the Markdown holds (raw HTML included), the output
 * passes an allow-list: no script, no event handlers, no javascript: URLs, no frames.
 */
@Component
public class MarkdownRenderer {

  private static final String BASE = "https://samizdat.invalid/";
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

  private final MediaLibrary media;

  /** Without a media library: images in the text keep their one size. */
  public MarkdownRenderer() {
    this.media = null;
  }

  /** Images uploaded through the newsroom get every stored width as {@code srcset}. */
  @org.springframework.beans.factory.annotation.Autowired
  MarkdownRenderer(MediaLibrary media) {
    this.media = media;
  }

  private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
  private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).build();
  private final Safelist safelist =
      Safelist.relaxed()
          .removeTags("h1")
          .addTags("hr")
          .addAttributes("img", "loading", "srcset", "sizes")
          .addAttributes("th", "align")
          .addAttributes("td", "align")
          .addAttributes("th", "class")
          .addAttributes("td", "class")
          .preserveRelativeLinks(true);

  public String toSafeHtml(String markdown) {
    String raw = renderer.render(parser.parse(markdown == null ? "" : markdown));
    Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
    String clean = Jsoup.clean(raw, BASE, safelist, output);
    Document doc = Jsoup.parseBodyFragment(clean, BASE);
    doc.outputSettings(output);
    for (Element link : doc.select("a[href]")) {
      String href = link.attr("href");
      if (href.startsWith("http://") || href.startsWith("https://")) {
        // Readers' privacy: the linked site learns nothing about which page sent them.
        link.attr("rel", "noopener noreferrer");
      }
    }
    for (Element img : doc.select("img")) {
      img.attr("loading", "lazy");
      String src = img.attr("src");
      if (media != null && src.startsWith("/media/")) {
        media
            .findByFileName(src.substring("/media/".length()))
            .ifPresent(
                image -> {
                  img.attr("src", image.src());
                  img.attr("srcset", image.srcset());
                  img.attr("sizes", "(max-width: 760px) 100vw, 720px");
                  img.attr("width", String.valueOf(image.width()));
                  img.attr("height", String.valueOf(image.height()));
                });
      }
      if (!img.hasAttr("alt")) {
        img.attr("alt", "");
      }
    }
    for (Element cell : doc.select("th[align], td[align]")) {
      // align is obsolete HTML: keep the editor's alignment as a class the stylesheet knows
      String align = cell.attr("align");
      cell.removeAttr("align");
      if (align.matches("left|right|center")) {
        cell.addClass("align-" + align);
      }
    }
    return doc.body().html();
  }
}

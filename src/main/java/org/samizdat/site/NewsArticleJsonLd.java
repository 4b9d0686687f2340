package org.samizdat.site;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Article;
import tools.jackson.databind.json.JsonMapper;

/** schema.org NewsArticle for an article, safe to place inside a script element. */
final class NewsArticleJsonLd {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private NewsArticleJsonLd() {}

  static String of(Article a, SiteSettings site, String siteName, String path) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@context", "https://schema.org");
    doc.put("@type", "NewsArticle");
    doc.put("headline", a.headline());
    doc.put("description", a.standfirst());
    doc.put("inLanguage", a.language().code());
    doc.put("datePublished", ReaderDates.iso(a.publishedAt()));
    doc.put("dateModified", ReaderDates.iso(a.updatedAt()));
    doc.put("mainEntityOfPage", site.absolute(path));
    // LinkedHashMap, not Map.of: the same article must give the same bytes (and ETag) on every node
    // and run
    doc.put(
        "author",
        a.authors().stream()
            .map(
                au -> {
                  Map<String, Object> person = new LinkedHashMap<>();
                  person.put("@type", "Person");
                  person.put("name", au.name());
                  person.put("url", site.absolute(SiteLinks.author(a.language(), au.slug())));
                  return person;
                })
            .toList());
    if (a.heroImage() != null) {
      doc.put("image", List.of(site.absolute(a.heroImage().src())));
    }
    if (a.section() != null) {
      doc.put("articleSection", a.section().name(a.language()));
    }
    Map<String, Object> publisher = new LinkedHashMap<>();
    publisher.put("@type", "Organization");
    publisher.put("name", siteName);
    publisher.put("url", site.absolute(SiteLinks.home(Language.EN)));
    doc.put("publisher", publisher);
    // "</script>" inside a string must not end the element
    return JSON.writeValueAsString(doc)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }
}

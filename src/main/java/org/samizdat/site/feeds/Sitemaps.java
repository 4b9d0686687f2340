package org.samizdat.site.feeds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.ListNewest;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.SitemapPart;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.site.SiteLinks;
import org.samizdat.site.SiteSettings;
import org.springframework.stereotype.Component;

/**
 * The sitemaps search engines read: an index, every live article (with its translation as an
 * hreflang alternate), the listing pages, and a Google News sitemap of the last two days.
 */
@Component
class Sitemaps {

  /** The sitemaps.org limit of addresses in one file. */
  static final int MAX_URLS = 50_000;

  /**
   * Articles in one part of the article sitemap by default ({@code
   * samizdat.site.sitemap-part-size}), as Yoast SEO does: far under the sitemaps.org limit, so that
   * a part is about 220 KB written in a few milliseconds (at 50,000 a part was 11 MB and took over
   * a second), at the price of more parts in the index (100 at 100,000 articles; an index may list
   * 50,000).
   */
  static final int PART_SIZE = 1_000;

  /** More parts than this would be more articles than any newsroom writes: not looked up. */
  static final int MAX_PARTS = 100_000;

  /** Google News reads at most this many addresses from a news sitemap. */
  static final int MAX_NEWS = 1_000;

  /** Google News only takes articles published in the last two days. */
  static final Duration NEWS_WINDOW = Duration.ofDays(2);

  private final Articles articles;
  private final SitemapFacts facts;
  private final Taxonomy taxonomy;
  private final PlatformSettings platform;
  private final SiteSettings site;
  private final Clock clock;

  Sitemaps(
      Articles articles,
      SitemapFacts facts,
      Taxonomy taxonomy,
      PlatformSettings platform,
      SiteSettings site,
      Clock clock) {
    this.articles = articles;
    this.facts = facts;
    this.taxonomy = taxonomy;
    this.platform = platform;
    this.site = site;
    this.clock = clock;
  }

  byte[] index() {
    Xml xml = Xml.document().start("sitemapindex").defaultNamespace(Xml.SITEMAP).newline();
    sitemap(xml, "/sitemap-pages.xml", null);
    List<SitemapPart> parts = facts.parts();
    sitemap(xml, "/sitemap-articles.xml", parts.isEmpty() ? null : parts.get(0).lastChanged());
    for (int part = 2; part <= parts.size(); part++) {
      sitemap(xml, "/sitemap-articles.xml?part=" + part, parts.get(part - 1).lastChanged());
    }
    sitemap(xml, "/sitemap-news.xml", null);
    return xml.end().finish();
  }

  /**
   * One part of the article sitemap, oldest first, so a new article only ever changes the last
   * part; part 1 always exists, even empty. One query seeks to the part's first article and streams
   * the part straight into the XML, written by hand: every value but the addresses is a timestamp
   * or a language code, and the addresses are escaped.
   */
  byte[] articles(int part) {
    if (part < 1 || part > MAX_PARTS) {
      throw new NotFoundException("The article sitemap has no part " + part + ".");
    }
    List<SitemapPart> parts = facts.parts();
    if (part > Math.max(1, parts.size())) {
      throw new NotFoundException("The article sitemap has no part " + part + ".");
    }
    StringBuilder out =
        new StringBuilder(parts.isEmpty() ? 512 : 256 + parts.get(part - 1).size() * 420);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"")
        .append(Xml.SITEMAP)
        .append("\" xmlns:xhtml=\"")
        .append(Xml.XHTML)
        .append("\">\n");
    if (!parts.isEmpty()) {
      SitemapPart chosen = parts.get(part - 1);
      String base = Xml.escape(site.absolute(""));
      articles.forEachLiveLink(
          chosen,
          MAX_URLS,
          link -> {
            out.append("<url><loc>").append(base);
            Xml.escape(link.path(), out);
            out.append("</loc><lastmod>")
                .append(Xml.timestamp(link.lastChanged()))
                .append("</lastmod>");
            if (link.translationPath() != null) {
              alternate(out, base, link.language(), link.path());
              alternate(out, base, link.translationLanguage(), link.translationPath());
            }
            out.append("</url>\n");
          });
    }
    out.append("</urlset>");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void alternate(StringBuilder out, String base, Language language, String path) {
    out.append("<xhtml:link rel=\"alternate\" hreflang=\"")
        .append(language.code())
        .append("\" href=\"")
        .append(base);
    Xml.escape(path, out);
    out.append("\"/>");
  }

  /**
   * Fronts of both editions, sections, tags with something live, authors with a byline, and the
   * about page. When each list last changed comes from one query for all of them.
   */
  byte[] pages() {
    Map<String, Instant> newest = new HashMap<>();
    for (ListNewest list : facts.newestPerList()) {
      newest.put(list.kind() + "/" + list.id() + "/" + list.language().code(), list.newest());
    }
    Xml xml = urlset(true, false);
    editionPage(xml, "/", language -> newest(newest, "edition", 0, language));
    for (Section section : taxonomy.sections()) {
      editionPage(
          xml,
          "/section/" + section.slug(),
          language -> newest(newest, "section", section.id(), language));
    }
    for (Tag tag : taxonomy.allTags()) {
      // A tag with nothing live may only be on drafts: listing it would give the story away.
      Optional<Instant> last = newest(newest, "tag", tag.id(), tag.language());
      if (last.isPresent()) {
        xml.start("url")
            .element("loc", site.absolute(SiteLinks.tag(tag.language(), tag.slug())))
            .element("lastmod", Xml.timestamp(last.get()))
            .end()
            .newline();
      }
    }
    for (Author author : taxonomy.authors()) {
      // Same for a byline that has not appeared yet.
      boolean bylined =
          Arrays.stream(Language.values())
              .anyMatch(l -> newest(newest, "author", author.id(), l).isPresent());
      if (bylined) {
        editionPage(
            xml,
            "/author/" + author.slug(),
            language -> newest(newest, "author", author.id(), language));
      }
    }
    editionPage(xml, "/about", language -> Optional.empty());
    return xml.end().finish();
  }

  /** Google News: articles of the last two days, both languages, newest first. */
  byte[] news() {
    Instant since = clock.instant().minus(NEWS_WINDOW);
    Xml xml = urlset(false, true);
    for (ArticleSummary a : articles.liveSince(since, MAX_NEWS)) {
      xml.start("url")
          .element("loc", site.absolute(a.path()))
          .start("news", Xml.NEWS, "news")
          .start("news", Xml.NEWS, "publication")
          .element("news", Xml.NEWS, "name", platform.name())
          .element("news", Xml.NEWS, "language", a.language().code())
          .end()
          .element("news", Xml.NEWS, "publication_date", Xml.timestamp(a.publishedAt()))
          .element("news", Xml.NEWS, "title", a.headline())
          .end()
          .end()
          .newline();
    }
    return xml.end().finish();
  }

  private static Optional<Instant> newest(
      Map<String, Instant> newest, String kind, long id, Language language) {
    return Optional.ofNullable(newest.get(kind + "/" + id + "/" + language.code()));
  }

  /**
   * A page that exists in both editions at the same path: one entry each, naming the other as
   * alternate.
   */
  private void editionPage(Xml xml, String path, Function<Language, Optional<Instant>> newest) {
    for (Language language : Language.values()) {
      xml.start("url").element("loc", site.absolute(SiteLinks.edition(language, path)));
      newest.apply(language).ifPresent(at -> xml.element("lastmod", Xml.timestamp(at)));
      for (Language version : Language.values()) {
        alternate(xml, version, site.absolute(SiteLinks.edition(version, path)));
      }
      xml.end().newline();
    }
  }

  private static void alternate(Xml xml, Language language, String url) {
    xml.emptyPrefixed(
        "xhtml", Xml.XHTML, "link", "rel", "alternate", "hreflang", language.code(), "href", url);
  }

  private Xml urlset(boolean alternates, boolean news) {
    Xml xml = Xml.document().start("urlset").defaultNamespace(Xml.SITEMAP);
    if (alternates) {
      xml.namespace("xhtml", Xml.XHTML);
    }
    if (news) {
      xml.namespace("news", Xml.NEWS);
    }
    return xml.newline();
  }

  private void sitemap(Xml xml, String path, Instant lastmod) {
    xml.start("sitemap").element("loc", site.absolute(path));
    if (lastmod != null) {
      xml.element("lastmod", Xml.timestamp(lastmod));
    }
    xml.end().newline();
  }
}

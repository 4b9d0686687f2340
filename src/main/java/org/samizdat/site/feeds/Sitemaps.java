package org.samizdat.site.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Section;
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

  /** Articles are read from publishing this many at a time. */
  static final int BATCH = 100;

  /** The sitemaps.org limit of addresses in one file; past it the articles split into parts. */
  static final int MAX_URLS = 50_000;

  /** Google News reads at most this many addresses from a news sitemap. */
  static final int MAX_NEWS = 1_000;

  /** Google News only takes articles published in the last two days. */
  static final Duration NEWS_WINDOW = Duration.ofDays(2);

  private final Articles articles;
  private final Taxonomy taxonomy;
  private final PlatformSettings platform;
  private final SiteSettings site;
  private final Clock clock;

  Sitemaps(
      Articles articles,
      Taxonomy taxonomy,
      PlatformSettings platform,
      SiteSettings site,
      Clock clock) {
    this.articles = articles;
    this.taxonomy = taxonomy;
    this.platform = platform;
    this.site = site;
    this.clock = clock;
  }

  byte[] index() {
    Xml xml = Xml.document().start("sitemapindex").defaultNamespace(Xml.SITEMAP).newline();
    sitemap(xml, "/sitemap-pages.xml");
    int parts = articleParts();
    sitemap(xml, "/sitemap-articles.xml");
    for (int part = 2; part <= parts; part++) {
      sitemap(xml, "/sitemap-articles.xml?part=" + part);
    }
    sitemap(xml, "/sitemap-news.xml");
    return xml.end().finish();
  }

  /** One part of the article sitemap, newest first; part 1 always exists, even empty. */
  byte[] articles(int part) {
    if (part < 1 || part > articleParts()) {
      throw new NotFoundException("The article sitemap has no part " + part + ".");
    }
    ZoneId zone = platform.timeZone();
    Xml xml = urlset(true, false);
    // Written as read, so memory holds ids, not 50,000 article bodies.
    Set<Long> written = new HashSet<>();
    int firstBatch = (part - 1) * (MAX_URLS / BATCH) + 1;
    for (int batch = firstBatch; written.size() < MAX_URLS; batch++) {
      Page<ArticleSummary> page = articles.live(null, null, null, null, batch, BATCH);
      for (ArticleSummary summary : page.items()) {
        // An article published during the walk shifts the pages by one and repeats a row: skip it.
        if (written.size() == MAX_URLS || !written.add(summary.id())) {
          continue;
        }
        Optional<Article> found = articles.find(summary.id()).filter(Article::isLive);
        if (found.isEmpty()) {
          continue;
        }
        Article article = found.get();
        xml.start("url")
            .element("loc", site.absolute(article.path(zone)))
            .element("lastmod", Xml.timestamp(lastChange(article)));
        Optional<Article> translation = translation(article);
        if (translation.isPresent()) {
          for (Article version : List.of(article, translation.get())) {
            alternate(xml, version.language(), site.absolute(version.path(zone)));
          }
        }
        xml.end().newline();
      }
      if (!page.hasNext() || page.items().isEmpty()) {
        break;
      }
    }
    return xml.end().finish();
  }

  /**
   * Fronts of both editions, sections, tags with something live, authors with a byline, and the
   * about page.
   */
  byte[] pages() {
    Xml xml = urlset(true, false);
    editionPage(xml, "/", language -> newest(language, null, null, null));
    for (Section section : taxonomy.sections()) {
      editionPage(
          xml,
          "/section/" + section.slug(),
          language -> newest(language, section.id(), null, null));
    }
    for (Tag tag : taxonomy.allTags()) {
      // A tag with nothing live may only be on drafts: listing it would give the story away.
      Optional<Instant> newest = newest(tag.language(), null, tag.id(), null);
      if (newest.isPresent()) {
        xml.start("url")
            .element("loc", site.absolute(SiteLinks.tag(tag.language(), tag.slug())))
            .element("lastmod", Xml.timestamp(newest.get()))
            .end()
            .newline();
      }
    }
    for (Author author : taxonomy.authors()) {
      // Same for a byline that has not appeared yet.
      if (newest(null, null, null, author.id()).isPresent()) {
        editionPage(
            xml, "/author/" + author.slug(), language -> newest(language, null, null, author.id()));
      }
    }
    editionPage(xml, "/about", language -> Optional.empty());
    return xml.end().finish();
  }

  /** Google News: articles of the last two days, both languages, newest first. */
  byte[] news() {
    Instant since = clock.instant().minus(NEWS_WINDOW);
    Xml xml = urlset(false, true);
    Set<Long> written = new HashSet<>();
    boolean olderReached = false;
    for (int batch = 1; !olderReached && written.size() < MAX_NEWS; batch++) {
      Page<ArticleSummary> page = articles.live(null, null, null, null, batch, BATCH);
      for (ArticleSummary a : page.items()) {
        if (a.publishedAt() == null || a.publishedAt().isBefore(since)) {
          olderReached = true;
          break;
        }
        if (written.size() == MAX_NEWS || !written.add(a.id())) {
          continue;
        }
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
      if (!page.hasNext() || page.items().isEmpty()) {
        break;
      }
    }
    return xml.end().finish();
  }

  private int articleParts() {
    long total = articles.live(null, null, null, null, 1, 1).total();
    return (int) Math.max(1, (total + MAX_URLS - 1) / MAX_URLS);
  }

  /** The translation, if it is live and links back: hreflang pairs must name each other. */
  private Optional<Article> translation(Article article) {
    return articles
        .liveTranslation(article)
        .filter(t -> t.language() != article.language())
        .filter(t -> t.translationId() != null && t.translationId() == article.id());
  }

  private Optional<Instant> newest(Language language, Long sectionId, Long tagId, Long authorId) {
    return articles.live(language, sectionId, tagId, authorId, 1, 1).items().stream()
        .map(ArticleSummary::publishedAt)
        .findFirst();
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

  private void sitemap(Xml xml, String path) {
    xml.start("sitemap").element("loc", site.absolute(path)).end().newline();
  }

  private static Instant lastChange(Article article) {
    return article.updatedAt() != null && article.updatedAt().isAfter(article.publishedAt())
        ? article.updatedAt()
        : article.publishedAt();
  }
}

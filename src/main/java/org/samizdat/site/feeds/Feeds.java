package org.samizdat.site.feeds;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Language;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.site.Messages;
import org.samizdat.site.SiteLinks;
import org.samizdat.site.SiteSettings;
import org.springframework.stereotype.Component;

/** Gathers what goes into each feed: the newest live articles of an edition, a section or a tag. */
@Component
class Feeds {

  static final int SIZE = 30;

  private final Articles articles;
  private final Taxonomy taxonomy;
  private final PlatformSettings platform;
  private final SiteSettings site;
  private final Clock clock;

  Feeds(Articles articles, Taxonomy taxonomy, PlatformSettings platform, SiteSettings site, Clock clock) {
    this.articles = articles;
    this.taxonomy = taxonomy;
    this.platform = platform;
    this.site = site;
    this.clock = clock;
  }

  Feed edition(Language language) {
    return feed(platform.name(), language, SiteLinks.home(language), SiteLinks.edition(language, "/feed"),
        articles.live(language, null, null, null, 1, SIZE));
  }

  Feed section(Language language, String slug) {
    Section section = taxonomy.section(slug)
        .orElseThrow(() -> new NotFoundException("There is no section called '" + slug + "'."));
    String page = SiteLinks.section(language, section.slug());
    return feed(platform.name() + " — " + section.name(language), language, page, page + "/feed",
        articles.live(language, section.id(), null, null, 1, SIZE));
  }

  Feed tag(Language language, String slug) {
    Supplier<NotFoundException> missing = () -> new NotFoundException("There is no tag called '" + slug + "' in this edition.");
    Tag tag = taxonomy.tag(language, slug).orElseThrow(missing);
    Page<ArticleSummary> latest = articles.live(language, null, tag.id(), null, 1, SIZE);
    if (latest.total() == 0) {
      // Tags are created as editors type them on drafts: a tag with nothing live must answer
      // exactly like one that does not exist, or outsiders learn what story is being prepared.
      throw missing.get();
    }
    String page = SiteLinks.tag(language, tag.slug());
    return feed(platform.name() + " — " + Messages.of(language).t("tag.title", tag.name()), language, page,
        page + "/feed", latest);
  }

  private Feed feed(String title, Language language, String pagePath, String feedPath, Page<ArticleSummary> latest) {
    ZoneId zone = platform.timeZone();
    List<Feed.Entry> entries = new ArrayList<>(latest.items().size());
    for (ArticleSummary summary : latest.items()) {
      // Withdrawn between the list and this read: leave it out rather than show it.
      Optional<Article> found = articles.find(summary.id()).filter(Article::isLive);
      found.ifPresent(article -> entries.add(entry(article, zone)));
    }
    Instant updated = entries.stream().map(Feed.Entry::updated).max(Instant::compareTo).orElseGet(clock::instant);
    return new Feed(title, Messages.of(language).t("site.tagline"), language.code(), site.absolute(pagePath),
        site.absolute(feedPath + ".rss"), site.absolute(feedPath + ".atom"), platform.name(), updated, entries);
  }

  private Feed.Entry entry(Article article, ZoneId zone) {
    String url = site.absolute(article.path(zone));
    List<Feed.Person> authors = article.authors().stream()
        .map(a -> new Feed.Person(a.name(), site.absolute(SiteLinks.author(article.language(), a.slug()))))
        .toList();
    List<String> categories = article.tags().stream().map(Tag::name).toList();
    Instant updated = article.updatedAt() != null && article.updatedAt().isAfter(article.publishedAt())
        ? article.updatedAt() : article.publishedAt();
    return new Feed.Entry(url, article.headline(), article.standfirst(),
        FeedContent.html(article, url, site.absolute(""), site.feedMedia("")), authors, categories, article.publishedAt(),
        updated);
  }
}

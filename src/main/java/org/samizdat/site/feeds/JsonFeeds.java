package org.samizdat.site.feeds;

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

/**
 * What goes into each JSON Feed: the same articles, titles and addresses as the RSS and Atom
 * feeds of an edition, a section or a tag ({@link Feeds}), plus each article's image (from the
 * feed media address when one is set, like the images in the text).
 */
@Component
class JsonFeeds {

  private final Articles articles;
  private final Taxonomy taxonomy;
  private final PlatformSettings platform;
  private final SiteSettings site;

  JsonFeeds(Articles articles, Taxonomy taxonomy, PlatformSettings platform, SiteSettings site) {
    this.articles = articles;
    this.taxonomy = taxonomy;
    this.platform = platform;
    this.site = site;
  }

  JsonFeed edition(Language language) {
    return feed(platform.name(), language, SiteLinks.home(language), SiteLinks.edition(language, "/feed.json"),
        articles.live(language, null, null, null, 1, Feeds.SIZE));
  }

  JsonFeed section(Language language, String slug) {
    Section section = taxonomy.section(slug)
        .orElseThrow(() -> new NotFoundException("There is no section called '" + slug + "'."));
    String page = SiteLinks.section(language, section.slug());
    return feed(platform.name() + " — " + section.name(language), language, page, page + "/feed.json",
        articles.live(language, section.id(), null, null, 1, Feeds.SIZE));
  }

  JsonFeed tag(Language language, String slug) {
    Supplier<NotFoundException> missing = () -> new NotFoundException("There is no tag called '" + slug + "' in this edition.");
    Tag tag = taxonomy.tag(language, slug).orElseThrow(missing);
    Page<ArticleSummary> latest = articles.live(language, null, tag.id(), null, 1, Feeds.SIZE);
    if (latest.total() == 0) {
      // As for RSS and Atom: a tag with nothing live answers like one that does not exist, or
      // outsiders learn from the tag names what story is being prepared.
      throw missing.get();
    }
    String page = SiteLinks.tag(language, tag.slug());
    return feed(platform.name() + " — " + Messages.of(language).t("tag.title", tag.name()), language, page,
        page + "/feed.json", latest);
  }

  private JsonFeed feed(String title, Language language, String pagePath, String feedPath, Page<ArticleSummary> latest) {
    ZoneId zone = platform.timeZone();
    List<JsonFeed.Item> items = new ArrayList<>(latest.items().size());
    for (ArticleSummary summary : latest.items()) {
      // Withdrawn between the list and this read: leave it out rather than show it.
      Optional<Article> found = articles.find(summary.id()).filter(Article::isLive);
      found.ifPresent(article -> items.add(item(article, zone)));
    }
    return new JsonFeed(title, Messages.of(language).t("site.tagline"), language.code(), site.absolute(pagePath),
        site.absolute(feedPath), platform.name(), items);
  }

  private JsonFeed.Item item(Article article, ZoneId zone) {
    String url = site.absolute(article.path(zone));
    List<Feed.Person> authors = article.authors().stream()
        .map(a -> new Feed.Person(a.name(), site.absolute(SiteLinks.author(article.language(), a.slug()))))
        .toList();
    List<String> tags = article.tags().stream().map(Tag::name).toList();
    String image = article.heroImage() == null ? null : site.feedMedia(article.heroImage().src());
    return new JsonFeed.Item(url, article.headline(), article.standfirst(),
        FeedContent.html(article, url, site.absolute(""), site.feedMedia("")), image, authors, tags,
        article.language().code(), article.publishedAt(), modified(article));
  }

  /** As in RSS and Atom: the last change, or the publication if nothing changed after it. */
  private static java.time.Instant modified(Article article) {
    return article.updatedAt() != null && article.updatedAt().isAfter(article.publishedAt())
        ? article.updatedAt() : article.publishedAt();
  }
}

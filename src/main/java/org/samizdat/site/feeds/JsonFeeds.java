package org.samizdat.site.feeds;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Tag;
import org.samizdat.site.SiteSettings;
import org.springframework.stereotype.Component;

/**
 * What goes into each JSON Feed: the same articles, titles and addresses as the RSS and Atom feeds
 * of an edition, a section or a tag ({@link Feeds}), plus each article's image (from the feed media
 * address when one is set, like the images in the text).
 */
@Component
class JsonFeeds {

  private final Feeds feeds;
  private final PlatformSettings platform;
  private final SiteSettings site;

  JsonFeeds(Feeds feeds, PlatformSettings platform, SiteSettings site) {
    this.feeds = feeds;
    this.platform = platform;
    this.site = site;
  }

  JsonFeed edition(Language language) {
    return feed(feeds.editionSelection(language));
  }

  JsonFeed section(Language language, String slug) {
    return feed(feeds.sectionSelection(language, slug));
  }

  JsonFeed tag(Language language, String slug) {
    return feed(feeds.tagSelection(language, slug));
  }

  private JsonFeed feed(Feeds.Selection selection) {
    ZoneId zone = platform.timeZone();
    List<JsonFeed.Item> items =
        new ArrayList<>(selection.articles().stream().map(article -> item(article, zone)).toList());
    for (Feeds.LiveItem live : feeds.liveItems(selection)) {
      String url = live.url(site, zone);
      items.add(
          new JsonFeed.Item(
              url,
              live.title(),
              live.update().headline(300),
              FeedContent.update(live.update(), url, site.absolute(""), site.feedMedia("")),
              live.update().image() == null ? null : site.feedMedia(live.update().image().src()),
              live.authors(),
              live.article().tags().stream().map(Tag::name).toList(),
              live.article().language().code(),
              live.update().postedAt(),
              live.modified()));
    }
    items.sort(Comparator.comparing(JsonFeed.Item::published).reversed());
    return new JsonFeed(
        selection.title(),
        Messages.of(selection.language()).t("site.tagline"),
        selection.language().code(),
        site.absolute(selection.pagePath()),
        site.absolute(selection.feedBase() + ".json"),
        platform.name(),
        items);
  }

  private JsonFeed.Item item(Article article, ZoneId zone) {
    String url = site.absolute(article.path(zone));
    List<Feed.Person> authors = feeds.authors(article);
    List<String> tags = article.tags().stream().map(Tag::name).toList();
    String image = article.heroImage() == null ? null : site.feedMedia(article.heroImage().src());
    return new JsonFeed.Item(
        url,
        article.headline(),
        article.standfirst(),
        FeedContent.html(article, url, site.absolute(""), site.feedMedia("")),
        image,
        authors,
        tags,
        article.language().code(),
        article.publishedAt(),
        Feeds.modified(article));
  }
}

package org.samizdat.site.feeds;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.LiveUpdate;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.site.SiteLinks;
import org.samizdat.site.SiteSettings;
import org.springframework.stereotype.Component;

/** Gathers what goes into each feed: the newest live articles of an edition, a section or a tag. */
@Component
class Feeds {

  static final int SIZE = 30;

  /** A live page's newest updates in its feeds, each an item linking to its anchor. */
  static final int UPDATES_PER_ARTICLE = 20;

  private final Articles articles;
  private final Taxonomy taxonomy;
  private final PlatformSettings platform;
  private final SiteSettings site;
  private final Clock clock;
  private final LiveUpdates live;

  Feeds(
      Articles articles,
      Taxonomy taxonomy,
      PlatformSettings platform,
      SiteSettings site,
      Clock clock,
      LiveUpdates live) {
    this.live = live;
    this.articles = articles;
    this.taxonomy = taxonomy;
    this.platform = platform;
    this.site = site;
    this.clock = clock;
  }

  /**
   * What one feed holds, whatever its format: its title, the page and the feed's address without
   * extension ({@code /feed}, {@code /section/x/feed}), and the newest live articles.
   */
  record Selection(
      String title, Language language, String pagePath, String feedBase, List<Article> articles) {}

  Feed edition(Language language) {
    return feed(editionSelection(language));
  }

  Feed section(Language language, String slug) {
    return feed(sectionSelection(language, slug));
  }

  Feed tag(Language language, String slug) {
    return feed(tagSelection(language, slug));
  }

  Selection editionSelection(Language language) {
    return selection(
        platform.name(),
        language,
        SiteLinks.home(language),
        SiteLinks.edition(language, "/feed"),
        articles.live(language, null, null, null, 1, SIZE));
  }

  Selection sectionSelection(Language language, String slug) {
    Section section =
        taxonomy
            .section(slug)
            .orElseThrow(() -> new NotFoundException("There is no section called '" + slug + "'."));
    String page = SiteLinks.section(language, section.slug());
    return selection(
        platform.name() + " — " + section.name(language),
        language,
        page,
        page + "/feed",
        articles.live(language, section.id(), null, null, 1, SIZE));
  }

  Selection tagSelection(Language language, String slug) {
    Supplier<NotFoundException> missing =
        () -> new NotFoundException("There is no tag called '" + slug + "' in this edition.");
    Tag tag = taxonomy.tag(language, slug).orElseThrow(missing);
    Page<ArticleSummary> latest = articles.live(language, null, tag.id(), null, 1, SIZE);
    if (latest.total() == 0) {
      // Tags are created as editors type them on drafts: a tag with nothing live must answer
      // exactly like one that does not exist, or outsiders learn what story is being prepared.
      throw missing.get();
    }
    String page = SiteLinks.tag(language, tag.slug());
    return selection(
        platform.name() + " — " + Messages.of(language).t("tag.title", tag.name()),
        language,
        page,
        page + "/feed",
        latest);
  }

  private Selection selection(
      String title,
      Language language,
      String pagePath,
      String feedBase,
      Page<ArticleSummary> latest) {
    // Withdrawn between the list and this read: left out rather than shown.
    List<Article> live =
        articles.liveWhole(latest.items().stream().map(ArticleSummary::id).toList());
    return new Selection(title, language, pagePath, feedBase, live);
  }

  /**
   * The newest updates of the selection's live pages ({@link #UPDATES_PER_ARTICLE} each), each with
   * its article, newest first.
   */
  List<LiveItem> liveItems(Selection selection) {
    Map<Long, Article> byId = new LinkedHashMap<>();
    selection.articles().forEach(a -> byId.put(a.id(), a));
    List<LiveItem> items = new ArrayList<>();
    for (LiveUpdate u : live.newestOfLive(byId.keySet(), UPDATES_PER_ARTICLE)) {
      items.add(new LiveItem(byId.get(u.articleId()), u));
    }
    return items;
  }

  /** A live update as a feed item: its article and the update. */
  record LiveItem(Article article, LiveUpdate update) {

    String url(SiteSettings site, ZoneId zone) {
      return site.absolute(article.path(zone)) + "#" + update.anchor();
    }

    String title() {
      return Messages.of(article.language()).t("live.feedTitle", article.headline())
          + " — "
          + update.headline(100);
    }

    List<Feed.Person> authors() {
      return List.of(new Feed.Person(update.authorName(), null));
    }

    Instant modified() {
      return update.editedAt() != null ? update.editedAt() : update.postedAt();
    }
  }

  private Feed feed(Selection selection) {
    ZoneId zone = platform.timeZone();
    List<Feed.Entry> entries =
        new ArrayList<>(
            selection.articles().stream().map(article -> entry(article, zone)).toList());
    for (LiveItem item : liveItems(selection)) {
      String url = item.url(site, zone);
      entries.add(
          new Feed.Entry(
              url,
              item.title(),
              item.update().headline(300),
              FeedContent.update(item.update(), url, site.absolute(""), site.feedMedia("")),
              item.authors(),
              item.article().tags().stream().map(Tag::name).toList(),
              item.update().postedAt(),
              item.modified()));
    }
    entries.sort(Comparator.comparing(Feed.Entry::published).reversed());
    Instant updated =
        entries.stream().map(Feed.Entry::updated).max(Instant::compareTo).orElseGet(clock::instant);
    return new Feed(
        selection.title(),
        Messages.of(selection.language()).t("site.tagline"),
        selection.language().code(),
        site.absolute(selection.pagePath()),
        site.absolute(selection.feedBase() + ".rss"),
        site.absolute(selection.feedBase() + ".atom"),
        platform.name(),
        updated,
        entries);
  }

  /** The last change, or the publication if nothing changed after it. */
  static Instant modified(Article article) {
    return article.updatedAt() != null && article.updatedAt().isAfter(article.publishedAt())
        ? article.updatedAt()
        : article.publishedAt();
  }

  /** The article's authors as feeds name them: by name, with the address of their page. */
  List<Feed.Person> authors(Article article) {
    return article.authors().stream()
        .map(
            a ->
                new Feed.Person(
                    a.name(), site.absolute(SiteLinks.author(article.language(), a.slug()))))
        .toList();
  }

  private Feed.Entry entry(Article article, ZoneId zone) {
    String url = site.absolute(article.path(zone));
    List<Feed.Person> authors = authors(article);
    List<String> categories = article.tags().stream().map(Tag::name).toList();
    return new Feed.Entry(
        url,
        article.headline(),
        article.standfirst(),
        FeedContent.html(article, url, site.absolute(""), site.feedMedia("")),
        authors,
        categories,
        article.publishedAt(),
        modified(article));
  }
}

package org.samizdat.publishing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Reading the newsroom's articles: the live ones for readers, all of them for staff. */
@Service
@Transactional(readOnly = true)
public class Articles {

  private final ArticleRepository articles;
  private final PendingEditRepository pendingEdits;
  private final RevisionRepository revisions;
  private final ReviewRepository reviews;
  private final PlatformSettings settings;
  private final ReaderReads reads;

  /** What reader pages ask for, as keys of {@link ReaderReads}. */
  private record LiveList(
      Language language,
      Long sectionId,
      Long tagId,
      Long authorId,
      int page,
      int size,
      ZoneId zone) {}

  private record ByAddress(LocalDate date, String slug, ZoneId zone) {}

  private record Translation(long articleId, Long translationId) {}

  private record Related(
      String language, List<Long> tagIds, Long sectionId, int limit, ZoneId zone) {}

  Articles(
      ArticleRepository articles,
      PendingEditRepository pendingEdits,
      RevisionRepository revisions,
      ReviewRepository reviews,
      PlatformSettings settings,
      ReaderReads reads) {
    this.articles = articles;
    this.reads = reads;
    this.reviews = reviews;
    this.pendingEdits = pendingEdits;
    this.revisions = revisions;
    this.settings = settings;
  }

  public Optional<Article> find(long id) {
    return articles.find(id);
  }

  private record LiveWhole(List<Long> ids) {}

  /**
   * These articles whole, each with its authors and tags, in that order, those no longer live left
   * out: what a feed prints. Two queries whatever their number (a feed's 30 articles, read one by
   * one, took 60), and kept until an article changes, so a feed asks the archive nothing while
   * nothing changed.
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public List<Article> liveWhole(List<Long> ids) {
    return reads.get(
        new LiveWhole(List.copyOf(ids)),
        () -> articles.findAll(ids).stream().filter(Article::isLive).toList());
  }

  public Article get(long id) {
    return articles.find(id).orElseThrow(() -> new ArticleNotFound(id));
  }

  /**
   * Resolves {@code /yyyy/MM/dd/slug} to a live article, a rename, a withdrawal or nothing. What
   * was found is kept until an article changes (addresses that lead nowhere are not kept).
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public ArticleLookup lookup(LocalDate date, String slug) {
    ArticleLookup known =
        reads.get(
            new ByAddress(date, slug, settings.timeZone()),
            () -> {
              ArticleLookup found = resolve(date, slug);
              return found instanceof ArticleLookup.Missing ? null : found;
            });
    return known != null ? known : new ArticleLookup.Missing();
  }

  private ArticleLookup resolve(LocalDate date, String slug) {
    List<Article> candidates = articles.findByDateAndSlug(date, slug, settings.timeZone());
    for (Article a : candidates) {
      if (a.isLive()) {
        return new ArticleLookup.Found(a);
      }
    }
    if (!candidates.isEmpty()) {
      return new ArticleLookup.Withdrawn();
    }
    return articles
        .articleIdForOldSlug(slug)
        .flatMap(articles::find)
        .filter(Article::isLive)
        .<ArticleLookup>map(a -> new ArticleLookup.Moved(a.path(settings.timeZone())))
        .orElseGet(ArticleLookup.Missing::new);
  }

  /** What is scheduled to reach readers in [from, to): new articles and updates, soonest first. */
  public List<ScheduledItem> scheduled(Instant from, Instant to) {
    return articles.scheduled(from, to);
  }

  public Page<ArticleSummary> list(ArticleFilter filter) {
    return articles.search(filter, settings.timeZone());
  }

  /**
   * The newsroom's list: a page of the filter's articles, newest activity first (published, else
   * scheduled, else last edited), next to a row's key rather than at a page number, and the matches
   * counted up to {@link Keyset#COUNT_CAP} + 1. The filter's page number is not used.
   */
  public Keyset.Slice<ArticleSummary> newsroomList(ArticleFilter filter, Keyset position) {
    return articles.newsroomList(filter, position, settings.timeZone());
  }

  /**
   * Live articles, newest first; null arguments do not filter. Kept until an article changes, so a
   * list page costs no query while nothing changed.
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Page<ArticleSummary> live(
      Language language, Long sectionId, Long tagId, Long authorId, int page, int pageSize) {
    ZoneId zone = settings.timeZone();
    return reads.get(
        new LiveList(language, sectionId, tagId, authorId, page, pageSize, zone),
        () -> articles.live(language, sectionId, tagId, authorId, page, pageSize, zone));
  }

  /**
   * Live articles for a sitemap part, oldest first, from the part's first article to its last, at
   * most {@code limit}, handed to {@code each} as they are read, with only what a sitemap prints.
   */
  public void forEachLiveLink(SitemapPart part, int limit, Consumer<LiveLink> each) {
    articles.forEachLiveLink(part, limit, settings.timeZone(), each);
  }

  /**
   * The sitemap's parts: each run of {@code partSize} live articles (oldest first), where it starts
   * and when its newest change was. Empty when nothing is live.
   */
  public List<SitemapPart> liveParts(int partSize) {
    return articles.liveParts(partSize);
  }

  /** When each edition, section, tag and author list last got a live article, in one query. */
  public List<ListNewest> newestPerList() {
    return articles.newestPerList();
  }

  /** How many live articles each edition, section, tag and author list holds, in one query. */
  public List<ListSize> liveListSizes() {
    return articles.liveListSizes();
  }

  /** Every live article's id and address, newest first, handed to {@code each} as read. */
  public void forEachLiveArticle(Consumer<LiveArticle> each) {
    articles.forEachLiveArticle(settings.timeZone(), each);
  }

  /**
   * Articles written, published, withdrawn or deleted at or after {@code since}, oldest change
   * first, at most {@code limit} (so a caller can tell "too many to go through one by one").
   */
  public List<Long> changedSince(Instant since, int limit) {
    return articles.changedSince(since, limit);
  }

  /** Live articles published at or after {@code since}, newest first, at most {@code limit}. */
  public List<ArticleSummary> liveSince(Instant since, int limit) {
    return articles.liveSince(since, limit, settings.timeZone());
  }

  /**
   * "Read more": live articles sharing tags and section with this one, then the newest. Kept until
   * an article changes, for every article with the same tags, section and language: which articles
   * those are does not depend on the article, but for leaving it out, so one more is read and the
   * article dropped from them. Articles share few combinations of tags, and the static export,
   * which reads every article, then reads Read more a few hundred times, not 100,000 (it was nine
   * tenths of the database's work in the export).
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public List<ArticleSummary> related(Article article, int limit) {
    ZoneId zone = settings.timeZone();
    Long[] tags = article.tags().stream().map(Tag::id).sorted().toArray(Long[]::new);
    Long section = article.section() == null ? null : article.section().id();
    String language = article.language().code();
    List<ArticleSummary> withIt =
        reads.get(
            new Related(language, List.of(tags), section, limit, zone),
            // the same candidates as for one article (limit + 1 of the newest), ranked alike: the
            // first limit + 1 of them hold the first limit that are not this article
            () -> articles.related(language, tags, section, 0, limit + 1, limit + 1, zone));
    return withIt.stream().filter(a -> a.id() != article.id()).limit(limit).toList();
  }

  /**
   * The live translation of an article, if it has one: its headline, language, section and address,
   * without its text, authors or tags (pages only name and link it).
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Optional<Article> liveTranslation(Article article) {
    if (article.translationId() == null) {
      return Optional.empty();
    }
    return reads.get(
        new Translation(article.id(), article.translationId()),
        () -> articles.findHeader(article.translationId()).filter(Article::isLive));
  }

  /** Changes to a live article that readers do not see yet, if any. */
  public Optional<PendingEdit> pendingEdit(long articleId) {
    return pendingEdits.find(articleId);
  }

  /** Of these articles, the ones with changes readers do not see yet. */
  public List<Long> withPendingEdits(List<Long> articleIds) {
    return pendingEdits.withPending(articleIds);
  }

  /** Where the article stands in review, if it was ever sent for review and is not out yet. */
  public Optional<Review> review(long articleId) {
    return reviews.find(articleId);
  }

  /** Drafts waiting for an editor, longest waiting first. */
  public List<Review> reviewQueue() {
    return reviews.ready();
  }

  public long reviewQueueSize() {
    return reviews.readyCount();
  }

  public List<Revision> revisions(long articleId) {
    return revisions.list(articleId);
  }

  public Optional<Revision> revision(long articleId, int number) {
    return revisions.find(articleId, number);
  }
}

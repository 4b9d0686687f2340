package org.samizdat.publishing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Live coverage of an article: switching it on and off, the pinned summary, and the timestamped
 * updates. Update texts are Markdown rendered and sanitised exactly like article bodies. Every
 * change to a published article's coverage publishes {@link ArticleUpdated} in the same
 * transaction, so every node drops the pages (and the updates endpoint) that show it.
 */
@Service
@Transactional
public class LiveUpdates {

  static final int MAX_UPDATE = 20_000;
  static final int MAX_SUMMARY = 5_000;

  private final LiveCoverageRepository live;
  private final ArticleRepository articles;
  private final MediaLibrary media;
  private final MarkdownRenderer markdown;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ZoneId zone;
  private final ReaderReads reads;

  LiveUpdates(
      LiveCoverageRepository live,
      ArticleRepository articles,
      MediaLibrary media,
      MarkdownRenderer markdown,
      ApplicationEventPublisher events,
      Clock clock,
      PlatformSettings settings,
      ReaderReads reads) {
    this.live = live;
    this.reads = reads;
    this.articles = articles;
    this.media = media;
    this.markdown = markdown;
    this.events = events;
    this.clock = clock;
    this.zone = settings.timeZone();
  }

  @Transactional(readOnly = true)
  public Optional<LiveCoverage> coverage(long articleId) {
    return live.find(articleId);
  }

  /** A live article's coverage with its newest updates, as its reader page shows them. */
  public record OnPage(LiveCoverage coverage, List<LiveUpdate> newest) {}

  private record OnPageKey(long articleId, int limit) {}

  /**
   * What a live (published) article's reader page shows of its coverage, if it has any: kept in
   * {@link ReaderReads} until the article changes (every change to a published article's coverage
   * is an {@link ArticleUpdated}), so most article pages ask nothing here.
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Optional<OnPage> onPage(long articleId, int limit) {
    return reads.get(
        new OnPageKey(articleId, limit),
        () -> live.find(articleId).map(c -> new OnPage(c, live.updates(articleId, 0, limit))));
  }

  private record NewestOfLive(List<Long> articleIds, int perArticle) {}

  /**
   * The newest {@code perArticle} updates of each of these live articles (a feed's), newest first
   * overall: kept in {@link ReaderReads} until one of them changes, which every change to a live
   * article's coverage is.
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public List<LiveUpdate> newestOfLive(Collection<Long> liveArticleIds, int perArticle) {
    List<Long> ids = List.copyOf(liveArticleIds);
    return reads.get(new NewestOfLive(ids, perArticle), () -> live.newest(ids, perArticle));
  }

  /** The coverage of each of these articles that has any. */
  @Transactional(readOnly = true)
  public Map<Long, LiveCoverage> coverages(Collection<Long> articleIds) {
    return live.findAll(articleIds);
  }

  /** Updates newer than {@code afterId} (0: all), newest first, at most {@code limit}. */
  @Transactional(readOnly = true)
  public List<LiveUpdate> updates(long articleId, long afterId, int limit) {
    return live.updates(articleId, afterId, limit);
  }

  /**
   * Published live pages of a language that had updates posted in (after, until], the most recently
   * updated first: what a newsletter digest of that window reports on.
   */
  @Transactional(readOnly = true)
  public List<Long> updatedBetween(Language language, Instant after, Instant until) {
    return live.updatedBetween(language.code(), after, until);
  }

  @Transactional(readOnly = true)
  public Optional<LiveUpdate> update(long articleId, long updateId) {
    return live.findUpdate(articleId, updateId);
  }

  /** Makes the article a live page, or resumes coverage that was ended. */
  public void start(long articleId, Actor actor) {
    Article a = article(articleId);
    if (a.deletedAt() != null) {
      throw new ArticleRejected("live", "This article is in the trash; restore it first.");
    }
    live.start(articleId, actor.name(), clock.instant());
    changed(a);
  }

  /** Ends the coverage: readers see when it ended, and their pages stop asking for updates. */
  public void end(long articleId, Actor actor) {
    Article a = article(articleId);
    LiveCoverage c = requireCoverage(articleId);
    if (!c.isRunning()) {
      return;
    }
    live.end(articleId, clock.instant());
    changed(a);
  }

  /** Pins a summary (Markdown) above the updates; an empty one takes it away. */
  public void pinSummary(long articleId, String summaryMarkdown, Actor actor) {
    Article a = article(articleId);
    requireCoverage(articleId);
    String md = summaryMarkdown == null ? "" : summaryMarkdown.strip();
    if (md.length() > MAX_SUMMARY) {
      throw new ArticleRejected(
          "summary",
          "Keep the summary to " + MAX_SUMMARY + " characters; it sits above everything.");
    }
    live.pinSummary(articleId, md, markdown.toSafeHtml(md));
    changed(a);
  }

  /** Adds an update, timestamped now and signed by {@code actor}; returns its id. */
  public long addUpdate(long articleId, String text, Long imageId, Actor actor) {
    Article a = article(articleId);
    LiveCoverage c = requireCoverage(articleId);
    if (!c.isRunning()) {
      throw new ArticleRejected("live", "The live coverage has ended; resume it to add updates.");
    }
    String md = validText(text);
    requireDescribedImage(imageId);
    long id =
        live.insertUpdate(
            new LiveCoverageRepository.NewUpdate(
                articleId,
                actor.staffId() == 0 ? null : actor.staffId(),
                actor.name(),
                md,
                markdown.toSafeHtml(md),
                imageId,
                clock.instant()));
    changed(a);
    return id;
  }

  /**
   * Corrects an update's text; {@code imageId} (when not null) replaces its photo, {@code
   * removeImage} drops it.
   */
  public void editUpdate(
      long articleId, long updateId, String text, Long imageId, boolean removeImage, Actor actor) {
    Article a = article(articleId);
    requireCoverage(articleId);
    String md = validText(text);
    requireDescribedImage(imageId);
    if (!live.editUpdate(
        articleId,
        updateId,
        new LiveCoverageRepository.UpdateEdit(
            md, markdown.toSafeHtml(md), imageId, removeImage, clock.instant()))) {
      throw noSuchUpdate(articleId, updateId);
    }
    changed(a);
  }

  public void deleteUpdate(long articleId, long updateId, Actor actor) {
    Article a = article(articleId);
    if (!live.deleteUpdate(articleId, updateId)) {
      throw noSuchUpdate(articleId, updateId);
    }
    changed(a);
  }

  private static NotFoundException noSuchUpdate(long articleId, long updateId) {
    return new NotFoundException(
        "There is no update "
            + updateId
            + " on article "
            + articleId
            + "; it may have been deleted.");
  }

  private Article article(long id) {
    return articles.find(id).orElseThrow(() -> new ArticleNotFound(id));
  }

  private LiveCoverage requireCoverage(long articleId) {
    return live.find(articleId)
        .orElseThrow(
            () ->
                new ArticleRejected(
                    "live", "This article is not a live page; switch on live coverage first."));
  }

  private static String validText(String text) {
    String md = text == null ? "" : text.strip();
    if (md.isEmpty()) {
      throw new ArticleRejected("text", "Write the update's text.");
    }
    if (md.length() > MAX_UPDATE) {
      throw new ArticleRejected(
          "text",
          "Keep an update to "
              + MAX_UPDATE
              + " characters ("
              + md.length()
              + " now); post the rest as another update.");
    }
    return md;
  }

  private void requireDescribedImage(Long imageId) {
    if (imageId == null) {
      return;
    }
    Image image =
        media
            .find(imageId)
            .orElseThrow(() -> new ArticleRejected("image", "That image is not in the library."));
    if (image.altText() == null || image.altText().isBlank()) {
      throw new ArticleRejected(
          "imageAlt", "Describe the photo for readers who cannot see it before posting it.");
    }
  }

  private void changed(Article a) {
    if (a.isLive()) {
      String path = a.path(zone);
      events.publishEvent(new ArticleUpdated(a.id(), a.language().code(), path, path));
    }
  }
}

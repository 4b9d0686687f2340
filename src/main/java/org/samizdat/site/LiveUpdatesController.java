package org.samizdat.site;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.cache.PageCacheFilter;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.LiveCoverage;
import org.samizdat.publishing.LiveUpdate;
import org.samizdat.publishing.LiveUpdates;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * What an open live page asks for every so often: the updates newer than the newest it shows,
 * rendered exactly as on the page, and whether the coverage still runs. The same bytes for every
 * reader, so it is cached like a page (and dropped on every node with it whenever the coverage
 * changes).
 */
@RestController
class LiveUpdatesController {

  /** Updates on the page itself; older ones stay in the feeds. */
  static final int PAGE_UPDATES = 200;

  /** At most this many newer updates in one answer; the page reloads beyond that. */
  static final int MAX_NEWER = 50;

  static final String CACHE_CONTROL = "public, max-age=10, stale-while-revalidate=20";

  private final Articles articles;
  private final LiveUpdates live;
  private final TemplateEngine templates;
  private final PlatformSettings settings;

  LiveUpdatesController(
      Articles articles, LiveUpdates live, TemplateEngine templates, PlatformSettings settings) {
    this.articles = articles;
    this.live = live;
    this.templates = templates;
    this.settings = settings;
  }

  static String path(long articleId) {
    return "/live/" + articleId + "/updates";
  }

  /**
   * @param html the update as the page shows it (an {@code <article id="update-…">})
   */
  record UpdateView(long id, String anchor, String postedAt, String html) {}

  /**
   * @param running false once an editor ended the coverage: the page stops asking
   * @param status what the page's heading says now
   * @param summaryHtml the pinned summary, empty when none
   * @param updates newer than {@code after}, newest first
   * @param complete false when there were more newer updates than one answer holds
   * @param announcement what a screen reader hears when they arrive ("2 new updates"), or empty
   */
  record UpdatesView(
      long articleId,
      boolean running,
      String endedAt,
      String status,
      String summaryHtml,
      List<UpdateView> updates,
      boolean complete,
      String announcement) {}

  record Problem(String error) {}

  @GetMapping(value = "/live/{articleId}/updates", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> updates(
      @PathVariable String articleId,
      @RequestParam(defaultValue = "0") String after,
      WebRequest request) {
    Long id = number(articleId);
    if (id == null) {
      return problem(404, "There is no live page with the number '" + articleId + "'.");
    }
    Long afterId = number(after);
    if (afterId == null) {
      return problem(
          400,
          "'after' must be the number of the newest update the page shows (0 for all), not '"
              + after
              + "'.");
    }
    Optional<Article> article = articles.find(id).filter(Article::isLive);
    Optional<LiveCoverage> coverage = article.flatMap(a -> live.coverage(a.id()));
    if (coverage.isEmpty()) {
      return problem(404, "Article " + id + " is not a live page.");
    }
    Article a = article.get();
    LiveCoverage c = coverage.get();
    Messages m = Messages.of(a.language());
    List<LiveUpdate> newer = live.updates(id, afterId, MAX_NEWER + 1);
    List<UpdateView> views =
        newer.stream()
            .limit(MAX_NEWER)
            .map(
                u ->
                    new UpdateView(
                        u.id(), u.anchor(), ReaderDates.iso(u.postedAt()), render(u, a, m)))
            .toList();
    String ended = ReaderDates.format(c.endedAt(), a.language(), settings.timeZone());
    UpdatesView view =
        new UpdatesView(
            id,
            c.isRunning(),
            c.isRunning() ? null : ReaderDates.iso(c.endedAt()),
            c.isRunning() ? m.t("live.heading") : m.t("live.ended", ended),
            c.summaryHtml(),
            views,
            newer.size() <= MAX_NEWER,
            views.isEmpty() ? "" : m.t("live.new", views.size()));
    String etag = "W/\"" + digest(view.toString()) + "\"";
    if (request.checkNotModified(etag)) {
      return null;
    }
    return ResponseEntity.ok()
        .header("Cache-Control", CACHE_CONTROL)
        .header(PageCacheFilter.KEYS_HEADER, SurrogateKeys.article(id))
        .eTag(etag)
        .body(view);
  }

  private String render(LiveUpdate u, Article a, Messages m) {
    StringOutput out = new StringOutput();
    templates.render(
        "tag/live-update.jte",
        Map.of(
            "u",
            u,
            "time",
            ReaderDates.format(u.postedAt(), a.language(), settings.timeZone()),
            "m",
            m),
        out);
    return out.toString().strip();
  }

  private static ResponseEntity<Problem> problem(int status, String message) {
    return ResponseEntity.status(status)
        .header("Cache-Control", "no-store")
        .body(new Problem(message));
  }

  /** A whole number from 0 up, or null. */
  private static Long number(String text) {
    if (text == null || !text.matches("\\d{1,18}")) {
      return null;
    }
    return Long.parseLong(text);
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.LiveUpdate;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.MediaLibrary;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The live desk: editors switch an article's live coverage on and off and pin its summary; editors
 * and the article's own authors post, correct and delete timestamped updates.
 */
@Controller
class LiveDeskController {

  static final int DESK_UPDATES = 500;

  private final Articles articles;
  private final LiveUpdates live;
  private final MediaLibrary media;
  private final StaffDirectory staff;
  private final PlatformSettings settings;
  private final AuditLog audit;

  LiveDeskController(
      Articles articles,
      LiveUpdates live,
      MediaLibrary media,
      StaffDirectory staff,
      PlatformSettings settings,
      AuditLog audit) {
    this.articles = articles;
    this.live = live;
    this.media = media;
    this.staff = staff;
    this.settings = settings;
    this.audit = audit;
  }

  @GetMapping("/newsroom/articles/{id}/live")
  String desk(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, Model model) {
    Article article = articles.get(id);
    requireReporter(article, me);
    return page(article, me, "", "", null, null, Map.of(), model);
  }

  @PostMapping("/newsroom/articles/{id}/live/start")
  String start(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    Article article = articles.get(id);
    return switchCoverage(
        article,
        me,
        () -> live.start(id, me.actor()),
        "live-start",
        article.isLive()
            ? "Live coverage is on: readers see LIVE and every update within a minute."
            : "Live coverage is on. Readers see it once the article is published.",
        response,
        model,
        redirect);
  }

  @PostMapping("/newsroom/articles/{id}/live/end")
  String end(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return switchCoverage(
        articles.get(id),
        me,
        () -> live.end(id, me.actor()),
        "live-end",
        "Coverage ended: the page says when, and readers' pages stop asking for updates.",
        response,
        model,
        redirect);
  }

  /** Starting and ending coverage: editors only, refused with the desk's page, audited. */
  private String switchCoverage(
      Article article,
      StaffPrincipal me,
      Runnable change,
      String auditAction,
      String flash,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    ArticlePermissions.requirePublisher(me);
    try {
      change.run();
    } catch (InputRejected e) {
      response.setStatus(400);
      return page(article, me, "", "", null, null, e.problems(), model);
    }
    audit.record(auditAction, "article " + article.id() + " (" + article.headline() + ")");
    redirect.addFlashAttribute("flash", flash);
    return "redirect:/newsroom/articles/" + article.id() + "/live";
  }

  @PostMapping("/newsroom/articles/{id}/live/summary")
  String summary(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String summary,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    Article article = articles.get(id);
    ArticlePermissions.requirePublisher(me);
    try {
      live.pinSummary(id, summary, me.actor());
    } catch (InputRejected e) {
      response.setStatus(400);
      return page(article, me, "", "", summary, null, e.problems(), model);
    }
    redirect.addFlashAttribute(
        "flash", summary.isBlank() ? "Summary taken down." : "Summary pinned above the updates.");
    return "redirect:/newsroom/articles/" + id + "/live";
  }

  @PostMapping("/newsroom/articles/{id}/live/updates")
  String add(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String text,
      @RequestParam(required = false) MultipartFile image,
      @RequestParam(defaultValue = "") String imageAlt,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    Article article = articles.get(id);
    requireReporter(article, me);
    try {
      Long imageId = storeImage(image, imageAlt);
      long updateId = live.addUpdate(id, text, imageId, me.actor());
      redirect.addFlashAttribute("flash", "Update posted.");
      return "redirect:/newsroom/articles/" + id + "/live#update-" + updateId;
    } catch (InputRejected e) {
      response.setStatus(400);
      return page(article, me, text, imageAlt, null, null, e.problems(), model);
    }
  }

  @PostMapping("/newsroom/articles/{id}/live/updates/{updateId}")
  String edit(
      @PathVariable long id,
      @PathVariable long updateId,
      @RequestParam(defaultValue = "") String text,
      @RequestParam(required = false) MultipartFile image,
      @RequestParam(defaultValue = "") String imageAlt,
      @RequestParam(defaultValue = "false") boolean removeImage,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    Article article = articles.get(id);
    requireMayChange(article, updateId, me);
    try {
      Long imageId = storeImage(image, imageAlt);
      live.editUpdate(id, updateId, text, imageId, removeImage, me.actor());
      redirect.addFlashAttribute("flash", "Update corrected.");
      return "redirect:/newsroom/articles/" + id + "/live#update-" + updateId;
    } catch (InputRejected e) {
      response.setStatus(400);
      return page(article, me, text, imageAlt, null, updateId, e.problems(), model);
    }
  }

  @PostMapping("/newsroom/articles/{id}/live/updates/{updateId}/delete")
  String delete(
      @PathVariable long id,
      @PathVariable long updateId,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    Article article = articles.get(id);
    requireMayChange(article, updateId, me);
    live.deleteUpdate(id, updateId, me.actor());
    audit.record("live-update-delete", "update " + updateId + " of article " + id);
    redirect.addFlashAttribute("flash", "Update deleted.");
    return "redirect:/newsroom/articles/" + id + "/live";
  }

  /** The photo through the upload pipeline (metadata stripped, widths made), described. */
  private Long storeImage(MultipartFile image, String alt) {
    if (image == null || image.isEmpty()) {
      return null;
    }
    if (alt == null || alt.isBlank()) {
      throw new InputRejected(
          "imageAlt", "Describe the photo for readers who cannot see it before posting it.");
    }
    try {
      Image stored = media.store(image.getBytes(), alt);
      return stored.id();
    } catch (IOException e) {
      throw new InputRejected("image", "The upload did not arrive completely; try again.");
    }
  }

  private String page(
      Article article,
      StaffPrincipal me,
      String text,
      String imageAlt,
      String summary,
      Long editing,
      Map<String, String> errors,
      Model model) {
    var coverage = live.coverage(article.id()).orElse(null);
    List<LiveUpdate> updates =
        coverage == null ? List.of() : live.updates(article.id(), 0, DESK_UPDATES);
    model.addAttribute(
        "page",
        new LiveDeskPage(
            article,
            coverage,
            updates,
            article.isLive() ? article.path(settings.timeZone()) : null,
            ArticlePermissions.mayPublish(me),
            me.id(),
            settings.timeZone().getId(),
            media.maxUploadBytes() / (1024 * 1024),
            text,
            imageAlt,
            summary != null ? summary : coverage == null ? "" : coverage.summaryMarkdown(),
            editing,
            errors));
    return "newsroom/live";
  }

  /** Editors, the article's creator and the staff whose byline is on it report live. */
  private void requireReporter(Article article, StaffPrincipal me) {
    if (!mayReport(article, me)) {
      throw new AccessDeniedException(
          "Only editors and the article's own authors post updates to this live page.");
    }
  }

  private void requireMayChange(Article article, long updateId, StaffPrincipal me) {
    requireReporter(article, me);
    LiveUpdate u =
        live.update(article.id(), updateId)
            .orElseThrow(
                () ->
                    new org.samizdat.platform.web.NotFoundException(
                        "There is no update " + updateId + " on this live page."));
    if (!ArticlePermissions.mayPublish(me) && (u.staffId() == null || u.staffId() != me.id())) {
      throw new AccessDeniedException("Authors correct and delete only their own updates.");
    }
  }

  boolean mayReport(Article article, StaffPrincipal me) {
    if (ArticlePermissions.mayPublish(me)) {
      return true;
    }
    if (article.deletedAt() != null) {
      return false;
    }
    if (article.createdBy() != null && article.createdBy() == me.id()) {
      return true;
    }
    Long byline = staff.find(me.id()).map(StaffMember::authorId).orElse(null);
    return byline != null && article.authors().stream().anyMatch(a -> a.id() == byline);
  }
}

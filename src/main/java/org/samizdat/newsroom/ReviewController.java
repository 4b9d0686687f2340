package org.samizdat.newsroom;

import java.util.ArrayList;
import java.util.List;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Review;
import org.samizdat.publishing.Revision;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The editors' review queue, sending a draft back, and comparing two revisions word by word. */
@Controller
class ReviewController {

  private final Articles articles;
  private final Publishing publishing;
  private final PlatformSettings settings;

  ReviewController(Articles articles, Publishing publishing, PlatformSettings settings) {
    this.articles = articles;
    this.publishing = publishing;
    this.settings = settings;
  }

  @GetMapping("/newsroom/review")
  String queue(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requireEditor(me);
    List<ReviewPage.Waiting> waiting = new ArrayList<>();
    for (Review r : articles.reviewQueue()) {
      articles
          .find(r.articleId())
          .ifPresent(
              a ->
                  waiting.add(
                      new ReviewPage.Waiting(a.id(), a.headline(), a.language().code(), r)));
    }
    model.addAttribute("page", new ReviewPage(waiting, settings.timeZone().getId()));
    return "newsroom/review";
  }

  @PostMapping("/newsroom/articles/{id}/send-back")
  String sendBack(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String note,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requireEditor(me);
    try {
      publishing.sendBack(id, note, me.actor());
    } catch (InputRejected e) {
      throw new BadRequestException(String.join(" ", e.problems().values()));
    }
    redirect.addFlashAttribute("flash", "Sent back to the author with your note.");
    return "redirect:/newsroom/review";
  }

  @GetMapping("/newsroom/articles/{id}/compare")
  String compare(
      @PathVariable long id,
      @RequestParam(required = false) Integer from,
      @RequestParam(required = false) Integer to,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    Article article = articles.get(id);
    if (!me.role().canPublish()
        && (article.createdBy() == null || article.createdBy() != me.id())) {
      throw new AccessDeniedException("Authors can open only their own articles.");
    }
    List<Revision> all = articles.revisions(id);
    if (all.isEmpty()) {
      throw new BadRequestException("This article has no revisions to compare.");
    }
    int newest = all.get(0).number();
    int toNumber = to == null ? newest : to;
    Revision b = revision(id, toNumber);
    // By default: the newest earlier revision whose text differs (saves that only changed the
    // status, like "Ready for review", compare as nothing).
    int fromNumber =
        from != null
            ? from
            : all.stream()
                .filter(r -> r.number() < toNumber)
                .filter(
                    r ->
                        !r.text().bodyMarkdown().equals(b.text().bodyMarkdown())
                            || !r.text().headline().equals(b.text().headline())
                            || !r.text().standfirst().equals(b.text().standfirst()))
                .findFirst()
                .map(Revision::number)
                .orElse(Math.max(1, toNumber - 1));
    Revision a = revision(id, fromNumber);
    model.addAttribute(
        "page",
        new ComparePage(
            article,
            all,
            a,
            b,
            WordDiff.between(a.text().headline(), b.text().headline()),
            WordDiff.between(a.text().standfirst(), b.text().standfirst()),
            WordDiff.between(a.text().bodyMarkdown(), b.text().bodyMarkdown()),
            settings.timeZone().getId()));
    return "newsroom/compare";
  }

  private Revision revision(long id, int number) {
    return articles
        .revision(id, number)
        .orElseThrow(
            () ->
                new BadRequestException(
                    "Article " + id + " has no revision " + number + " to compare."));
  }

  private static void requireEditor(StaffPrincipal me) {
    if (!me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins review articles.");
    }
  }
}

package org.samizdat.newsroom;

import static org.samizdat.newsroom.ArticlePermissions.mayEdit;
import static org.samizdat.newsroom.ArticlePermissions.mayPublish;
import static org.samizdat.newsroom.ArticlePermissions.requireCanEdit;
import static org.samizdat.newsroom.ArticlePermissions.requireCanSee;
import static org.samizdat.newsroom.ArticlePermissions.requirePublisher;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleFilter;
import org.samizdat.publishing.ArticleStatus;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.ConcurrentEditException;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.ImageFormatUnsupported;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.MarkdownRenderer;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Readership;
import org.samizdat.publishing.Review;
import org.samizdat.publishing.Taxonomy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The staff's article list and editor. */
@Controller
class ArticlesController {

  private final Articles articles;
  private final Publishing publishing;
  private final Taxonomy taxonomy;
  private final MediaLibrary media;
  private final MarkdownRenderer markdown;
  private final PlatformSettings settings;
  private final StaffDirectory staff;
  private final Readership readership;
  private final EditingPresence presence;
  private final java.time.Clock clock;

  private final AuditLog audit;
  private final LiveUpdates live;

  ArticlesController(
      Articles articles,
      Publishing publishing,
      Taxonomy taxonomy,
      MediaLibrary media,
      MarkdownRenderer markdown,
      PlatformSettings settings,
      StaffDirectory staff,
      Readership readership,
      EditingPresence presence,
      java.time.Clock clock,
      AuditLog audit,
      LiveUpdates live) {
    this.audit = audit;
    this.live = live;
    this.clock = clock;
    this.readership = readership;
    this.presence = presence;
    this.articles = articles;
    this.publishing = publishing;
    this.taxonomy = taxonomy;
    this.media = media;
    this.markdown = markdown;
    this.settings = settings;
    this.staff = staff;
  }

  @GetMapping("/newsroom")
  String home() {
    return "redirect:/newsroom/articles";
  }

  @GetMapping("/newsroom/articles")
  String list(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Long section,
      @RequestParam(required = false) Long author,
      @RequestParam(required = false) String language,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "false") boolean trash,
      @RequestParam(required = false) String older,
      @RequestParam(required = false) String newer,
      @RequestParam(defaultValue = "false") boolean oldest,
      @RequestParam(required = false) String review,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    ArticleStatus statusFilter = parseStatus(status);
    Review.State reviewFilter = parseReview(review);
    Language languageFilter = null;
    if (language != null && !language.isBlank()) {
      languageFilter =
          Language.fromCode(language)
              .orElseThrow(
                  () ->
                      new BadRequestException(
                          "Unknown language '" + language + "': use en or ru."));
    }
    if (q != null && q.length() > 200) {
      throw new BadRequestException("Search for at most 200 characters.");
    }
    Long createdBy = me.role() == StaffRole.AUTHOR ? me.id() : null;
    var filter =
        new ArticleFilter(
            statusFilter,
            section,
            author,
            languageFilter,
            q,
            trash,
            createdBy,
            1,
            25,
            reviewFilter);
    Keyset position = Keyset.of(older, newer, oldest);
    StringBuilder query = new StringBuilder();
    appendParam(query, "status", status);
    appendParam(query, "section", section == null ? null : section.toString());
    appendParam(query, "author", author == null ? null : author.toString());
    appendParam(query, "language", language);
    appendParam(query, "q", q);
    appendParam(query, "trash", trash ? "true" : null);
    appendParam(query, "review", reviewFilter == null ? null : review);
    java.util.List<ArticleListPage.MostRead> mostRead =
        readership.mostRead(7, 5).stream()
            .map(
                m ->
                    new ArticleListPage.MostRead(
                        m.articleId(), m.headline(), m.language().code(), m.views()))
            .toList();
    model.addAttribute(
        "page",
        new ArticleListPage(
            articles.newsroomList(filter, position),
            status,
            section,
            author,
            language,
            q,
            trash,
            taxonomy.sections(),
            taxonomy.authors(),
            Arrays.asList(ArticleStatus.values()),
            query.toString(),
            mostRead,
            reviewFilter == null ? "" : reviewFilter.name().toLowerCase(java.util.Locale.ROOT)));
    return "newsroom/articles";
  }

  @GetMapping("/newsroom/articles/new")
  String create(
      @RequestParam(defaultValue = "en") String language,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    Long authorId = staff.find(me.id()).map(StaffMember::authorId).orElse(null);
    ArticleForm form =
        ArticleForm.blank(Language.fromCode(language).map(Language::code).orElse("en"), authorId);
    return editor(null, form, Map.of(), me, model);
  }

  @PostMapping("/newsroom/articles")
  String createSubmit(
      @Valid @ModelAttribute("form") ArticleForm form,
      BindingResult binding,
      @RequestParam(required = false) MultipartFile heroFile,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return save(null, form, binding, heroFile, me, response, model, redirect);
  }

  @GetMapping("/newsroom/articles/{id}")
  String edit(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, Model model) {
    Article article = articles.get(id);
    requireCanSee(article, me);
    if (mayEdit(article, me)) {
      presence.touch(id, me.id());
    }
    ArticleForm form =
        articles
            .pendingEdit(id)
            .map(p -> ArticleForm.of(article, p.draft()))
            .orElseGet(() -> ArticleForm.of(article));
    return editor(article, form, Map.of(), me, model);
  }

  @PostMapping("/newsroom/articles/{id}")
  String editSubmit(
      @PathVariable long id,
      @Valid @ModelAttribute("form") ArticleForm form,
      BindingResult binding,
      @RequestParam(required = false) MultipartFile heroFile,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    return save(articles.get(id), form, binding, heroFile, me, response, model, redirect);
  }

  private String save(
      Article existing,
      ArticleForm form,
      BindingResult binding,
      MultipartFile heroFile,
      StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    String action = form.action() == null ? "save" : form.action();
    if (!Arrays.asList("save", "publish", "schedule", "unpublish", "discard", "review")
        .contains(action)) {
      throw new BadRequestException("Unknown action '" + action + "'.");
    }
    if (existing != null) {
      requireCanEdit(existing, me);
    }
    if (!Arrays.asList("save", "discard", "review").contains(action) && !mayPublish(me)) {
      throw new AccessDeniedException("Authors cannot publish; ask an editor.");
    }
    requireCanLinkTranslation(existing, form.translationId(), me);
    Map<String, String> errors = new LinkedHashMap<>();
    binding
        .getFieldErrors()
        .forEach(
            e ->
                errors.putIfAbsent(
                    e.getField(),
                    e.isBindingFailure() ? "Enter a valid value." : e.getDefaultMessage()));
    Instant publishAt = null;
    if ("schedule".equals(action)) {
      try {
        publishAt =
            LocalDateTime.parse(
                    form.publishAt() == null ? "" : form.publishAt().trim().replace(' ', 'T'))
                .atZone(settings.timeZone())
                .toInstant();
      } catch (DateTimeParseException e) {
        errors.put(
            "publishAt",
            "Enter the date and time to publish as YYYY-MM-DD HH:MM, for example 2026-12-01 09:30.");
      }
    }
    if (!errors.isEmpty()) {
      response.setStatus(400);
      return editor(existing, form, errors, me, model);
    }
    ArticleForm toSave = form;
    Long savedId = null;
    try {
      if (heroFile != null && !heroFile.isEmpty()) {
        Image image = media.store(heroFile.getBytes(), form.heroAlt());
        toSave = form.withHeroImage(image.id());
      }
      long id;
      boolean pending = false;
      if (existing == null) {
        id = publishing.create(toSave.toDraft(), me.actor());
        savedId = id;
      } else {
        id = existing.id();
        if (toSave.version() == null) {
          throw new BadRequestException(
              "The form is missing its version; reload the article and try again.");
        }
        if ("discard".equals(action)) {
          publishing.discardPendingEdit(id, toSave.version(), me.actor());
          redirect.addFlashAttribute(
              "flash", "Unpublished changes discarded: the editor shows what readers see.");
          return "redirect:/newsroom/articles/" + id;
        }
        if ("publish".equals(action)) {
          // "Publish now" / "Update live article": this text is what readers get.
          publishing.update(id, toSave.version(), toSave.toDraft(), me.actor());
        } else {
          // Everything else keeps a live article as readers see it; the text waits as a pending
          // edit until an editor updates the live article.
          pending =
              publishing
                  .saveDraft(id, toSave.version(), toSave.toDraft(), me.actor(), false)
                  .pending();
        }
        savedId = id;
      }
      boolean wasLive = existing != null && existing.isLive();
      String message =
          switch (action) {
            case "publish" -> {
              publishing.publishNow(id, me.actor());
              audit.record("article-publish", describe(id));
              yield (wasLive
                      ? "Live article updated. Readers see it at "
                      : "Published. Readers can find it at ")
                  + articles.get(id).path(settings.timeZone())
                  + ".";
            }
            case "schedule" -> {
              publishing.schedule(id, publishAt, me.actor());
              audit.record("article-schedule", describe(id) + " at " + publishAt);
              yield (wasLive
                      ? "Update scheduled: readers get these changes at "
                      : "Scheduled: it will be published at ")
                  + form.publishAt().replace('T', ' ')
                  + " ("
                  + settings.timeZone().getId()
                  + ").";
            }
            case "review" -> {
              publishing.submitForReview(id, me.actor());
              yield "Sent for review: editors see it in their review queue.";
            }
            case "unpublish" -> {
              publishing.unpublish(id, me.actor());
              audit.record("article-unpublish", describe(id));
              yield "Unpublished: readers no longer see it.";
            }
            default ->
                pending
                    ? "Saved. Readers still see the live version until you choose “Update live article”."
                    : "Saved.";
          };
      redirect.addFlashAttribute("flash", message);
      return "redirect:/newsroom/articles/" + id;
    } catch (InputRejected e) {
      response.setStatus(e instanceof ImageFormatUnsupported ? 415 : 400);
      if (savedId != null) {
        // The text was saved; only the publish or schedule step was refused. Show the saved
        // article, so sending the form again updates it instead of creating a copy.
        Article saved = articles.get(savedId);
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put(
            "status",
            "Your changes were saved, but the article was not "
                + action.replaceAll("e?$", "ed")
                + ":");
        problems.putAll(e.problems());
        return editor(saved, toSave.withVersion(saved.version()), problems, me, model);
      }
      return editor(
          existing == null ? null : articles.get(existing.id()), toSave, e.problems(), me, model);
    } catch (ConcurrentEditException e) {
      response.setStatus(409);
      int kept = publishing.keepConflictingText(existing.id(), toSave.toDraft(), me.actor());
      Article current = articles.get(existing.id());
      // The form keeps this person's text, now against the current version: saving again is a
      // deliberate choice to replace the other save, which stays in the history either way.
      return editor(
          current,
          toSave.withVersion(current.version()),
          Map.of("version", conflictMessage(current, kept)),
          me,
          model);
    } catch (IOException e) {
      response.setStatus(400);
      return editor(
          existing,
          form,
          Map.of("image", "The upload did not arrive completely; try again."),
          me,
          model);
    }
  }

  private String conflictMessage(Article current, int keptRevision) {
    String who =
        articles.revisions(current.id()).stream()
            .filter(r -> r.number() != keptRevision)
            .findFirst()
            .map(r -> r.savedBy() + " saved this article at " + Format.dateTime(r.savedAt()))
            .orElse("Someone else saved this article");
    return who
        + " while you were editing, so your changes were not saved over theirs. Your text is"
        + " still in the form and is kept as revision "
        + keptRevision
        + " in the history. Compare, then save again to replace their version.";
  }

  /** What an autosave answers: the version to send next time, and when it was saved. */
  record AutosaveResult(
      long id, int version, boolean pending, String savedAt, String error, Integer keptRevision) {}

  /**
   * Saves the editor's text while it is typed (the page's script calls this a few seconds after the
   * last keystroke). Never changes what readers see: a live article's text becomes its pending
   * edit.
   */
  @PostMapping(value = "/newsroom/articles/{id}/autosave", produces = "application/json")
  @ResponseBody
  AutosaveResult autosave(
      @PathVariable long id,
      @Valid @ModelAttribute("form") ArticleForm form,
      BindingResult binding,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response) {
    Article existing = articles.get(id);
    requireCanEdit(existing, me);
    if (binding.hasErrors() || form.version() == null) {
      response.setStatus(400);
      return new AutosaveResult(
          id, existing.version(), false, null, "Not autosaved: check the form.", null);
    }
    presence.touch(id, me.id());
    try {
      Publishing.Saved saved =
          publishing.saveDraft(id, form.version(), form.toDraft(), me.actor(), true);
      return new AutosaveResult(
          id, saved.version(), saved.pending(), Format.time(clock.instant()), null, null);
    } catch (InputRejected e) {
      response.setStatus(400);
      return new AutosaveResult(
          id,
          form.version(),
          false,
          null,
          "Not autosaved: " + String.join(" ", e.problems().values()),
          null);
    } catch (ConcurrentEditException e) {
      response.setStatus(409);
      int kept = publishing.keepConflictingText(id, form.toDraft(), me.actor());
      return new AutosaveResult(
          id,
          articles.get(id).version(),
          false,
          null,
          conflictMessage(articles.get(id), kept),
          kept);
    }
  }

  /** The first autosave of a new article creates it as a draft (it needs a headline). */
  @PostMapping(value = "/newsroom/articles/autosave", produces = "application/json")
  @ResponseBody
  AutosaveResult autosaveNew(
      @Valid @ModelAttribute("form") ArticleForm form,
      BindingResult binding,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response) {
    if (binding.hasErrors() || form.headline() == null || form.headline().isBlank()) {
      response.setStatus(400);
      return new AutosaveResult(
          0, 0, false, null, "Not autosaved yet: write a headline first.", null);
    }
    try {
      long id = publishing.create(form.toDraft(), me.actor());
      presence.touch(id, me.id());
      return new AutosaveResult(
          id, articles.get(id).version(), false, Format.time(clock.instant()), null, null);
    } catch (InputRejected e) {
      response.setStatus(400);
      return new AutosaveResult(
          0, 0, false, null, "Not autosaved: " + String.join(" ", e.problems().values()), null);
    }
  }

  record PresenceResult(List<String> others) {}

  /** The editor's page says it is still open, and learns who else has the article open. */
  @PostMapping(value = "/newsroom/articles/{id}/presence", produces = "application/json")
  @ResponseBody
  PresenceResult presence(
      @PathVariable long id,
      @RequestParam(defaultValue = "false") boolean leaving,
      @AuthenticationPrincipal StaffPrincipal me) {
    Article article = articles.get(id);
    requireCanSee(article, me);
    if (leaving) {
      presence.release(id, me.id());
      return new PresenceResult(List.of());
    } else if (mayEdit(article, me)) {
      presence.touch(id, me.id());
    }
    return new PresenceResult(
        presence.others(id, me.id()).stream().map(ArticlesController::describe).toList());
  }

  static String describe(EditingPresence.Editor e) {
    return e.name() + " has had this article open since " + Format.time(e.since()) + ".";
  }

  @PostMapping("/newsroom/articles/{id}/delete")
  String delete(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requirePublisher(me);
    publishing.delete(id, me.actor());
    audit.record("article-delete", describe(id));
    redirect.addFlashAttribute(
        "flash", "Moved to the trash. You can restore it from the trash list.");
    return "redirect:/newsroom/articles";
  }

  @PostMapping("/newsroom/articles/{id}/restore")
  String restore(
      @PathVariable long id,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requirePublisher(me);
    publishing.restoreFromTrash(id, me.actor());
    audit.record("article-restore", describe(id));
    redirect.addFlashAttribute("flash", "Restored from the trash.");
    return "redirect:/newsroom/articles/" + id;
  }

  @GetMapping("/newsroom/articles/{id}/revisions")
  String revisions(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, Model model) {
    Article article = articles.get(id);
    requireCanSee(article, me);
    model.addAttribute(
        "page",
        new RevisionsPage(
            article, articles.revisions(id), mayEdit(article, me), settings.timeZone().getId()));
    return "newsroom/revisions";
  }

  @PostMapping("/newsroom/articles/{id}/revisions/{number}/restore")
  String restoreRevision(
      @PathVariable long id,
      @PathVariable int number,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requireCanEdit(articles.get(id), me);
    publishing.restoreRevision(id, number, me.actor());
    redirect.addFlashAttribute("flash", "Revision " + number + " restored as the current text.");
    return "redirect:/newsroom/articles/" + id;
  }

  /** The live preview: what readers will see for this Markdown, sanitised exactly as on publish. */
  @PostMapping(value = "/newsroom/preview", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  String preview(@RequestParam(defaultValue = "") String body) {
    if (body.length() > 200_000) {
      throw new BadRequestException("The body is over the 200,000 character limit.");
    }
    return markdown.toSafeHtml(body);
  }

  /**
   * What the translation can be, by headline: the latest articles of each language (the editor
   * picks the other one's), and the one linked now wherever it is.
   */
  private List<ArticleSummary> translationChoices(Article article, ArticleForm form) {
    List<ArticleSummary> choices = new ArrayList<>();
    for (org.samizdat.platform.i18n.Language l : org.samizdat.platform.i18n.Language.values()) {
      articles
          .list(new ArticleFilter(null, null, null, l, null, false, null, 1, 100))
          .items()
          .stream()
          .filter(a -> article == null || a.id() != article.id())
          .forEach(choices::add);
    }
    Long linked = form.translationId();
    if (linked != null && choices.stream().noneMatch(a -> a.id() == linked)) {
      articles
          .list(new ArticleFilter(null, null, null, null, null, false, null, 1, 100))
          .items()
          .stream()
          .filter(a -> a.id() == linked)
          .findFirst()
          .ifPresent(choices::add);
    }
    return choices;
  }

  private String editor(
      Article article,
      ArticleForm form,
      Map<String, String> errors,
      StaffPrincipal me,
      Model model) {
    Image hero = form.heroImageId() == null ? null : media.find(form.heroImageId()).orElse(null);
    String path = article == null ? null : article.path(settings.timeZone());
    boolean canEdit = article == null || mayEdit(article, me);
    model.addAttribute(
        "page",
        new EditorPage(
            article,
            form,
            errors,
            taxonomy.sections(),
            taxonomy.authors(),
            hero,
            markdown.toSafeHtml(form.body()),
            article != null && article.isLive() ? path : null,
            me.role().canPublish(),
            canEdit,
            settings.timeZone().getId(),
            media.maxUploadBytes() / (1024 * 1024),
            article == null ? null : articles.pendingEdit(article.id()).orElse(null),
            article == null
                ? List.of()
                : presence.others(article.id(), me.id()).stream()
                    .map(ArticlesController::describe)
                    .toList(),
            article == null ? null : articles.review(article.id()).orElse(null),
            translationChoices(article, form),
            article == null ? null : live.coverage(article.id()).orElse(null)));
    return "newsroom/editor";
  }

  /** An article as the audit log names it: its id and headline. */
  private String describe(long id) {
    return "article " + id + articles.find(id).map(a -> " “" + a.headline() + "”").orElse("");
  }

  /**
   * Linking a translation also writes the link into the other article, so it takes the right to
   * edit that one too: an author may not relink an article they cannot edit (someone else's, or one
   * already published).
   */
  private void requireCanLinkTranslation(Article existing, Long translationId, StaffPrincipal me) {
    if (translationId == null || mayPublish(me)) {
      return;
    }
    if (existing != null && translationId.equals(existing.translationId())) {
      return;
    }
    articles
        .find(translationId)
        .filter(other -> !mayEdit(other, me))
        .ifPresent(
            other -> {
              throw new ResponseStatusException(
                  HttpStatus.FORBIDDEN,
                  "You cannot link “"
                      + other.headline()
                      + "” as the translation: linking changes that article too, and only an"
                      + " editor may change it. Ask an editor to link the two.");
            });
  }

  private static ArticleStatus parseStatus(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return ArticleStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Unknown status '" + status + "': use draft, scheduled, published or unpublished.");
    }
  }

  private static void appendParam(StringBuilder query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query
          .append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static Review.State parseReview(String review) {
    if (review == null || review.isBlank()) {
      return null;
    }
    return switch (review.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "ready" -> Review.State.READY;
      case "returned" -> Review.State.RETURNED;
      default ->
          throw new BadRequestException(
              "Unknown review state '"
                  + review
                  + "': use ready (waiting for an editor) or returned (sent back to the author).");
    };
  }
}

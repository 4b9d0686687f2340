package org.samizdat.publishing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change to an article: each one validates first, writes the article and a revision in one
 * transaction, and publishes its event in that same transaction (kept by the event registry, so a
 * crash loses no reaction).
 */
@Service
@Transactional
public class Publishing {

  private static final Logger log = LoggerFactory.getLogger(Publishing.class);
  static final int MAX_HEADLINE = 200;
  static final int MAX_STANDFIRST = 400;
  static final int MAX_BODY = 200_000;
  static final int MAX_SLUG = 100;
  static final int MAX_TAGS = 20;
  private static final java.util.regex.Pattern IMAGE_WITHOUT_ALT =
      java.util.regex.Pattern.compile("!\\[\\s*\\]\\(");

  static final String AUTOSAVED = "Autosaved";
  static final String NOT_LIVE_YET = " (not live yet)";

  private final ArticleRepository articles;
  private final PendingEditRepository pendingEdits;
  private final RevisionRepository revisions;
  private final ReviewRepository reviews;
  private final TaxonomyRepository taxonomy;
  private final MarkdownRenderer markdown;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ZoneId zone;

  Publishing(
      ArticleRepository articles,
      PendingEditRepository pendingEdits,
      RevisionRepository revisions,
      ReviewRepository reviews,
      TaxonomyRepository taxonomy,
      MarkdownRenderer markdown,
      ApplicationEventPublisher events,
      Clock clock,
      PlatformSettings settings) {
    this.articles = articles;
    this.pendingEdits = pendingEdits;
    this.revisions = revisions;
    this.reviews = reviews;
    this.taxonomy = taxonomy;
    this.markdown = markdown;
    this.events = events;
    this.clock = clock;
    this.zone = settings.timeZone();
  }

  /** A new draft; returns its id. */
  public long create(ArticleDraft draft, Actor actor) {
    Valid v = validate(draft, null);
    Instant now = clock.instant();
    long id =
        articles.insert(content(v, draft), actor.staffId() == 0 ? null : actor.staffId(), now);
    articles.replaceAuthors(id, draft.authorIds());
    articles.replaceTags(id, v.tags);
    articles.linkTranslation(id, draft.translationId());
    revise(id, "Created", actor, now);
    return id;
  }

  /** What a save did: the article's version now, and whether the text waits as a pending edit. */
  public record Saved(int version, boolean pending) {}

  /**
   * Saves the editor's text without ever showing it to readers early: a draft (or a scheduled or
   * withdrawn article) is saved as it is; a live article keeps what readers see and the text waits
   * as its pending edit until {@link #update} (or a scheduled update) makes it live. An autosave
   * leaves at most one revision a minute; the newest text is always in the article or its pending
   * edit.
   */
  public Saved saveDraft(
      long id, int expectedVersion, ArticleDraft draft, Actor actor, boolean autosave) {
    Article before = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (!before.isLive()) {
      update(id, expectedVersion, draft, actor, autosave ? AUTOSAVED : "Saved", autosave);
      return new Saved(articles.find(id).orElseThrow().version(), false);
    }
    Valid v = validate(draft, id);
    if (!v.slug.equals(before.slug())
        && articles.pathTaken(v.slug, before.publishedAt(), zone, id)) {
      throw new ArticleRejected(
          "slug",
          "Another article published on the same day already uses the slug '" + v.slug + "'.");
    }
    if (!pendingEdits.bumpVersion(id, expectedVersion)) {
      throw new ConcurrentEditException();
    }
    Instant now = clock.instant();
    Instant applyAt = pendingEdits.find(id).map(PendingEdit::applyAt).orElse(null);
    pendingEdits.save(
        new PendingEditRepository.Edit(
            id,
            v.language.code(),
            v.slug,
            draft,
            v.tags.stream().map(Tag::name).toList(),
            applyAt,
            actor.name(),
            now));
    if (!autosave || !autosavedWithinAMinute(id, actor, now)) {
      pendingEdits.insertRevisionOfPending(
          id, (autosave ? AUTOSAVED : "Saved") + NOT_LIVE_YET, actor.name(), now);
    }
    return new Saved(expectedVersion + 1, true);
  }

  /** The author says the draft is ready: it joins the editors' review queue. */
  public void submitForReview(long id, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (a.isLive() || a.status() == ArticleStatus.SCHEDULED) {
      throw new ArticleRejected(
          "review", "This article is already published or scheduled; it needs no review.");
    }
    if (a.deletedAt() != null) {
      throw new ArticleRejected("review", "This article is in the trash.");
    }
    Instant now = clock.instant();
    reviews.markReady(id, actor.name(), now);
    revise(id, "Ready for review", actor, now);
    events.publishEvent(new ArticleReadyForReview(id, a.headline(), actor.name(), now));
  }

  /** An editor returns a draft to its author with a note saying what to change. */
  public void sendBack(long id, String note, Actor actor) {
    articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    String text = note == null ? "" : note.strip();
    if (text.isEmpty()) {
      throw new ArticleRejected("note", "Write a note telling the author what to change.");
    }
    if (text.length() > 2000) {
      throw new ArticleRejected("note", "Keep the note to 2,000 characters.");
    }
    if (reviews.find(id).filter(Review::isReady).isEmpty()) {
      throw new ArticleRejected("review", "This article is not waiting for review.");
    }
    Instant now = clock.instant();
    reviews.markReturned(id, text, actor.name(), now);
    revise(id, "Sent back to the author: " + text, actor, now);
  }

  /** Drops a live article's pending edit: the newsroom goes back to what readers see. */
  public void discardPendingEdit(long id, int expectedVersion, Actor actor) {
    articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (pendingEdits.find(id).isEmpty()) {
      return;
    }
    if (!pendingEdits.bumpVersion(id, expectedVersion)) {
      throw new ConcurrentEditException();
    }
    pendingEdits.delete(id);
    revise(id, "Unpublished changes discarded", actor, clock.instant());
  }

  /**
   * Keeps text that lost a race with someone else's save as a revision (never applied), so nothing
   * typed is thrown away; returns its number.
   */
  public int keepConflictingText(long id, ArticleDraft draft, Actor actor) {
    Article a = articles.find(id).orElseThrow(() -> new ArticleNotFound(id));
    Instant now = clock.instant();
    pendingEdits.insertRevisionOfDraft(
        new PendingEditRepository.KeptDraft(
            id,
            draft,
            Language.fromCode(draft.language()).orElse(a.language()),
            a.status().name(),
            "Not saved: someone else had saved first (kept here)",
            actor.name(),
            now));
    return pendingEdits.latestRevision(id).orElseThrow().number();
  }

  private boolean autosavedWithinAMinute(long id, Actor actor, Instant now) {
    return pendingEdits
        .latestRevision(id)
        .filter(r -> r.note().startsWith(AUTOSAVED))
        .filter(r -> r.savedBy().equals(actor.name()))
        .filter(r -> r.savedAt().isAfter(now.minusSeconds(60)))
        .isPresent();
  }

  /**
   * Saves new content and makes it what readers see ("Update live article"); any pending edit is
   * used up.
   */
  public void update(long id, int expectedVersion, ArticleDraft draft, Actor actor) {
    update(id, expectedVersion, draft, actor, "Saved", false);
  }

  private void update(
      long id,
      int expectedVersion,
      ArticleDraft draft,
      Actor actor,
      String note,
      boolean autosave) {
    Article before = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    Valid v = validate(draft, id);
    if (before.isLive() && IMAGE_WITHOUT_ALT.matcher(draft.bodyMarkdown()).find()) {
      throw new ArticleRejected(
          "bodyMarkdown",
          "Describe every image in the text for readers who cannot see it (double-click the"
              + " image) before updating the live article.");
    }
    if (before.isLive()
        && !v.slug.equals(before.slug())
        && articles.pathTaken(v.slug, before.publishedAt(), zone, id)) {
      throw new ArticleRejected(
          "slug",
          "Another article published on the same day already uses the slug '" + v.slug + "'.");
    }
    Instant now = clock.instant();
    boolean saved = articles.updateContent(id, expectedVersion, content(v, draft), now);
    if (!saved) {
      throw new ConcurrentEditException();
    }
    articles.replaceAuthors(id, draft.authorIds());
    articles.replaceTags(id, v.tags);
    articles.linkTranslation(id, draft.translationId());
    if (before.publishedAt() != null && !v.slug.equals(before.slug())) {
      // Links already shared keep working: the old address redirects to the new one.
      articles.rememberOldSlug(before.language(), before.slug(), id);
    }
    pendingEdits.delete(id);
    Article after =
        autosave && autosavedWithinAMinute(id, actor, now)
            ? articles.find(id).orElseThrow()
            : revise(id, note, actor, now);
    if (after.isLive()) {
      events.publishEvent(
          new ArticleUpdated(id, after.language().code(), after.path(zone), before.path(zone)));
    }
  }

  public void publishNow(long id, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (a.deletedAt() != null) {
      throw new ArticleRejected(
          "status", "This article is in the trash; restore it before publishing.");
    }
    if (a.isLive()) {
      return;
    }
    Instant now = clock.instant();
    goLive(a, a.publishedAt() != null ? a.publishedAt() : now, now, actor, "Published");
  }

  /**
   * Publishes with an earlier publication time, for archives brought in from elsewhere (and the
   * demo content). The time may not be in the future: that is what scheduling is for.
   */
  public void publishBackdated(long id, Instant publishedAt, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    Instant now = clock.instant();
    if (publishedAt.isAfter(now)) {
      throw new ArticleRejected("publishAt", "A back-dated publication time must be in the past.");
    }
    if (a.isLive()) {
      return;
    }
    // An imported article was last updated when it was published, not now.
    goLive(a, publishedAt, publishedAt, actor, "Published (back-dated)");
  }

  public void schedule(long id, Instant at, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    Instant now = clock.instant();
    if (a.deletedAt() != null) {
      throw new ArticleRejected(
          "status", "This article is in the trash; restore it before scheduling.");
    }
    if (at == null || !at.isAfter(now)) {
      throw new ArticleRejected(
          "publishAt", "Choose a time in the future to schedule publication.");
    }
    if (a.isLive()) {
      if (pendingEdits.find(id).isEmpty()) {
        throw new ArticleRejected(
            "publishAt",
            "This article is already published and has no unpublished changes to schedule.");
      }
      pendingEdits.setApplyAt(id, at);
      revise(id, "Update scheduled for " + formatted(at), actor, now);
      return;
    }
    checkPublishable(a, a.publishedAt() != null ? a.publishedAt() : at);
    articles.setStatus(id, ArticleStatus.SCHEDULED, at, a.publishedAt(), now);
    reviews.delete(id);
    revise(id, "Scheduled for " + formatted(at), actor, now);
  }

  private String formatted(Instant at) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at.atZone(zone))
        + " "
        + zone.getId();
  }

  public void unpublish(long id, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (a.status() == ArticleStatus.DRAFT || a.status() == ArticleStatus.UNPUBLISHED) {
      return;
    }
    Instant now = clock.instant();
    ArticleStatus next = a.publishedAt() != null ? ArticleStatus.UNPUBLISHED : ArticleStatus.DRAFT;
    articles.setStatus(id, next, null, a.publishedAt(), now);
    revise(id, a.isLive() ? "Unpublished" : "Schedule cancelled", actor, now);
    if (a.isLive()) {
      events.publishEvent(new ArticleWithdrawn(id, a.language().code(), a.path(zone)));
    }
  }

  /**
   * Moves the article to the trash, where it can be restored; a live article is withdrawn first.
   */
  public void delete(long id, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (a.deletedAt() != null) {
      return;
    }
    if (a.status() == ArticleStatus.PUBLISHED || a.status() == ArticleStatus.SCHEDULED) {
      unpublish(id, actor);
    }
    Instant now = clock.instant();
    articles.setDeleted(id, now, now);
    revise(id, "Moved to trash", actor, now);
  }

  public void restoreFromTrash(long id, Actor actor) {
    Article a = articles.findForUpdate(id).orElseThrow(() -> new ArticleNotFound(id));
    if (a.deletedAt() == null) {
      return;
    }
    Instant now = clock.instant();
    articles.setDeleted(id, null, now);
    revise(id, "Restored from trash", actor, now);
  }

  /** Puts an earlier revision's content back (status unchanged), as a new revision. */
  public void restoreRevision(long id, int number, Actor actor) {
    Article current = articles.find(id).orElseThrow(() -> new ArticleNotFound(id));
    Revision r =
        revisions
            .find(id, number)
            .orElseThrow(
                () ->
                    new ArticleRejected(
                        "revision", "Article " + id + " has no revision " + number + "."));
    // Keep a published address stable: restoring text does not rename.
    String slug = current.publishedAt() != null ? current.slug() : r.text().slug();
    ArticleDraft draft = r.asDraft(slug, current.translationId());
    if (current.isLive()) {
      // Like any edit of a live article, the restored text waits for "Update live article".
      saveDraft(id, current.version(), draft, actor, false);
      return;
    }
    update(id, current.version(), draft, actor, "Restored revision " + number, false);
  }

  /**
   * Publishes every scheduled article whose time has come. Rows are claimed with {@code FOR UPDATE
   * SKIP LOCKED} and change status in the same transaction, so with any number of nodes each
   * article goes live exactly once.
   */
  public int publishDue() {
    Instant now = clock.instant();
    int published = 0;
    for (long id : articles.claimDue(now)) {
      Article a = articles.find(id).orElseThrow();
      try {
        checkPublishable(a, a.publishedAt() != null ? a.publishedAt() : a.publishAt());
      } catch (ArticleRejected e) {
        articles.setStatus(id, ArticleStatus.DRAFT, null, a.publishedAt(), now);
        revise(id, "Scheduled publication failed: " + e.getMessage(), Actor.SYSTEM, now);
        log.error(
            "Scheduled article {} ('{}') was not published and is a draft again: {}",
            id,
            a.headline(),
            e.getMessage());
        continue;
      }
      goLive(
          a,
          a.publishedAt() != null ? a.publishedAt() : a.publishAt(),
          now,
          Actor.SYSTEM,
          "Published as scheduled");
      published++;
    }
    for (long id : pendingEdits.claimDue(now)) {
      PendingEdit p = pendingEdits.find(id).orElseThrow();
      Article a = articles.find(id).orElseThrow();
      try {
        update(id, a.version(), p.draft(), Actor.SYSTEM, "Updated as scheduled", false);
        published++;
      } catch (ArticleRejected e) {
        pendingEdits.setApplyAt(id, null);
        revise(id, "Scheduled update failed: " + e.getMessage(), Actor.SYSTEM, now);
        log.error(
            "The scheduled update of article {} ('{}') was not applied; its changes wait in the"
                + " newsroom: {}",
            id,
            a.headline(),
            e.getMessage());
      }
    }
    return published;
  }

  private void goLive(Article a, Instant publishedAt, Instant now, Actor actor, String note) {
    checkPublishable(a, publishedAt);
    articles.setStatus(a.id(), ArticleStatus.PUBLISHED, null, publishedAt, now);
    reviews.delete(a.id());
    Article live = revise(a.id(), note, actor, now);
    events.publishEvent(new ArticlePublished(a.id(), live.language().code(), live.path(zone)));
    log.info("Article {} '{}' is live at {}", a.id(), live.headline(), live.path(zone));
  }

  private void checkPublishable(Article a, Instant publishedAt) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (a.bodyMarkdown().isBlank()) {
      problems.put("bodyMarkdown", "Write the article's body before publishing it.");
    }
    if (a.authors().isEmpty()) {
      problems.put("authorIds", "Choose at least one author before publishing.");
    }
    if (IMAGE_WITHOUT_ALT.matcher(a.bodyMarkdown()).find()) {
      problems.put(
          "bodyMarkdown",
          "Describe every image in the text for readers who cannot see it (double-click the"
              + " image) before publishing.");
    }
    if (articles.pathTaken(a.slug(), publishedAt, zone, a.id())) {
      problems.put(
          "slug",
          "Another article published on the same day already uses the slug '"
              + a.slug()
              + "'; change this one's slug.");
    }
    if (!problems.isEmpty()) {
      throw new ArticleRejected(problems);
    }
  }

  private Article revise(long id, String note, Actor actor, Instant now) {
    Article a = articles.find(id).orElseThrow();
    revisions.insert(a, note, actor.name(), now);
    return a;
  }

  private record Valid(Language language, String slug, List<Tag> tags) {}

  /** The draft as the article's columns hold it: the validated language and slug, safe HTML. */
  private ArticleRepository.Content content(Valid v, ArticleDraft draft) {
    return new ArticleRepository.Content(
        v.language,
        v.slug,
        draft.headline(),
        draft.standfirst(),
        draft.bodyMarkdown(),
        markdown.toSafeHtml(draft.bodyMarkdown()),
        draft.sectionId(),
        draft.heroImageId(),
        draft.heroCaption(),
        draft.heroCredit(),
        draft.translationId());
  }

  private Valid validate(ArticleDraft d, Long id) {
    Map<String, String> problems = new LinkedHashMap<>();
    Language language = Language.fromCode(d.language()).orElse(null);
    if (language == null) {
      problems.put(
          "language",
          "Choose English or Russian: '"
              + d.language()
              + "' is not a language this site publishes in.");
    }
    if (d.headline().isBlank()) {
      problems.put("headline", "Write a headline.");
    } else if (d.headline().length() > MAX_HEADLINE) {
      problems.put(
          "headline",
          "The headline is "
              + d.headline().length()
              + " characters long; keep it to "
              + MAX_HEADLINE
              + ".");
    }
    if (d.standfirst().length() > MAX_STANDFIRST) {
      problems.put(
          "standfirst",
          "The standfirst is "
              + d.standfirst().length()
              + " characters long; keep it to "
              + MAX_STANDFIRST
              + ".");
    }
    if (d.bodyMarkdown().length() > MAX_BODY) {
      problems.put(
          "bodyMarkdown",
          "The body is "
              + d.bodyMarkdown().length()
              + " characters long; the limit is "
              + MAX_BODY
              + ".");
    }
    if (d.heroCaption().length() > 300) {
      problems.put("heroCaption", "Keep the caption to 300 characters.");
    }
    if (d.heroCredit().length() > 120) {
      problems.put("heroCredit", "Keep the credit to 120 characters.");
    }
    if (d.sectionId() != null && taxonomy.section(d.sectionId()).isEmpty()) {
      problems.put("sectionId", "That section does not exist any more; choose another.");
    }
    Set<Long> authorIds = new LinkedHashSet<>(d.authorIds());
    for (Long authorId : authorIds) {
      if (authorId == null || taxonomy.author(authorId).isEmpty()) {
        problems.put("authorIds", "One of the chosen authors does not exist; choose again.");
      }
    }
    if (d.heroImageId() != null && !imageExists(d.heroImageId())) {
      problems.put("heroImageId", "That image does not exist; upload it again.");
    }
    List<String> tagNames = new ArrayList<>();
    for (String raw : d.tagNames()) {
      String name = raw == null ? "" : raw.trim().replaceAll("\\s+", " ");
      if (name.isEmpty()) {
        continue;
      }
      if (name.length() > 80) {
        problems.put(
            "tagNames",
            "The tag '" + name.substring(0, 20) + "…' is too long; keep tags to 80 characters.");
      } else if (Slugs.from(name, 80).isEmpty()) {
        problems.put("tagNames", "The tag '" + name + "' needs at least one letter or digit.");
      } else if (tagNames.stream().noneMatch(t -> t.equalsIgnoreCase(name))) {
        tagNames.add(name);
      }
    }
    if (tagNames.size() > MAX_TAGS) {
      problems.put("tagNames", "An article can have at most " + MAX_TAGS + " tags.");
    }
    if (d.translationId() != null) {
      Article other = articles.find(d.translationId()).orElse(null);
      if (other == null || (id != null && other.id() == id)) {
        problems.put("translationId", "The linked translation must be another existing article.");
      } else if (other.language() == language) {
        problems.put("translationId", "A translation must be in the other language.");
      }
    }
    String slug = d.slug();
    if (language != null && problems.get("headline") == null) {
      if (slug.isEmpty()) {
        slug = freeSlug(language, Slugs.from(d.headline(), 80), id);
        if (slug.isEmpty()) {
          problems.put(
              "slug", "Type a slug: the headline has no letters or digits to make one from.");
        }
      } else if (!Slugs.isValid(slug, MAX_SLUG)) {
        problems.put(
            "slug",
            "Use only lower-case Latin letters, digits and single hyphens, at most "
                + MAX_SLUG
                + " characters, like 'city-council-votes'.");
      } else if (articles.slugTaken(language, slug, id)) {
        problems.put(
            "slug",
            "Another " + language.nativeName() + " article already uses the slug '" + slug + "'.");
      }
    }
    if (!problems.isEmpty()) {
      throw new ArticleRejected(problems);
    }
    List<Tag> tags = tagNames.stream().map(name -> taxonomy.tagFor(language, name)).toList();
    return new Valid(language, slug, tags);
  }

  private boolean imageExists(long imageId) {
    return taxonomy.imageExists(imageId);
  }

  private String freeSlug(Language language, String base, Long id) {
    if (base.isEmpty()) {
      return base;
    }
    String candidate = base;
    for (int n = 2; articles.slugTaken(language, candidate, id); n++) {
      candidate = base + "-" + n;
    }
    return candidate;
  }
}

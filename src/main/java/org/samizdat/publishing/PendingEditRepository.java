package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pending edits of live articles, and the revisions written while saving them. */
@Repository
class PendingEditRepository {

  private static final String COLUMNS =
      """
      article_id, language, slug, headline, standfirst, body_markdown, section_id, tag_names, author_ids,
      hero_image_id, hero_caption, hero_credit, translation_id, apply_at, saved_by, saved_at
      """;

  private final JdbcClient jdbc;

  PendingEditRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<PendingEdit> find(long articleId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM article_pending_edit WHERE article_id = :id")
        .param("id", articleId)
        .query(PendingEditRepository::pending)
        .optional();
  }

  /** Articles with pending edits, among these. */
  List<Long> withPending(List<Long> articleIds) {
    if (articleIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("SELECT article_id FROM article_pending_edit WHERE article_id = ANY(:ids)")
        .param("ids", articleIds.toArray(Long[]::new))
        .query(Long.class)
        .list();
  }

  /**
   * An article's unpublished changes to keep: the draft, with the language, slug and tag names it
   * resolves to, when to apply it (null: by hand), and who saved it when.
   */
  record Edit(
      long articleId,
      String language,
      String slug,
      ArticleDraft draft,
      List<String> tagNames,
      Instant applyAt,
      String savedBy,
      Instant savedAt) {}

  /**
   * Text kept as a revision and never applied: the draft, the language it is filed under, the
   * article's status and a note, and who saved it when.
   */
  record KeptDraft(
      long articleId,
      ArticleDraft draft,
      Language language,
      String status,
      String note,
      String savedBy,
      Instant savedAt) {}

  void save(Edit edit) {
    ArticleDraft d = edit.draft();
    jdbc.sql(
            """
            INSERT INTO article_pending_edit (article_id, language, slug, headline, standfirst, body_markdown,
                   section_id, tag_names, author_ids, hero_image_id, hero_caption, hero_credit, translation_id,
                   apply_at, saved_by, saved_at)
            VALUES (:id, :lang, :slug, :headline, :standfirst, :markdown, :section, :tags, :authors, :hero,
                    :caption, :credit, :translation, :applyAt, :savedBy, :now)
            ON CONFLICT (article_id) DO UPDATE SET language = EXCLUDED.language, slug = EXCLUDED.slug,
                   headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst,
                   body_markdown = EXCLUDED.body_markdown, section_id = EXCLUDED.section_id,
                   tag_names = EXCLUDED.tag_names, author_ids = EXCLUDED.author_ids,
                   hero_image_id = EXCLUDED.hero_image_id, hero_caption = EXCLUDED.hero_caption,
                   hero_credit = EXCLUDED.hero_credit, translation_id = EXCLUDED.translation_id,
                   apply_at = EXCLUDED.apply_at, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at
            """)
        .param("id", edit.articleId())
        .param("lang", edit.language())
        .param("slug", edit.slug())
        .param("headline", d.headline())
        .param("standfirst", d.standfirst())
        .param("markdown", d.bodyMarkdown())
        .param("section", d.sectionId())
        .param("tags", edit.tagNames().toArray(String[]::new))
        .param("authors", d.authorIds().toArray(Long[]::new))
        .param("hero", d.heroImageId())
        .param("caption", d.heroCaption())
        .param("credit", d.heroCredit())
        .param("translation", d.translationId())
        .param("applyAt", edit.applyAt() == null ? null : Timestamp.from(edit.applyAt()))
        .param("savedBy", edit.savedBy())
        .param("now", Timestamp.from(edit.savedAt()))
        .update();
  }

  void setApplyAt(long articleId, Instant applyAt) {
    jdbc.sql("UPDATE article_pending_edit SET apply_at = :at WHERE article_id = :id")
        .param("id", articleId)
        .param("at", applyAt == null ? null : Timestamp.from(applyAt))
        .update();
  }

  void delete(long articleId) {
    jdbc.sql("DELETE FROM article_pending_edit WHERE article_id = :id")
        .param("id", articleId)
        .update();
  }

  /** Pending edits whose scheduled time has come; rows another node holds are skipped. */
  List<Long> claimDue(Instant now) {
    return jdbc.sql(
            """
            SELECT article_id FROM article_pending_edit
            WHERE apply_at IS NOT NULL AND apply_at <= :now
            ORDER BY apply_at
            FOR UPDATE SKIP LOCKED
            """)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .list();
  }

  /**
   * Counts a save by someone else without changing what readers see: the version moves on, so the
   * optimistic lock covers pending edits too. False when someone saved since {@code expected}.
   */
  boolean bumpVersion(long articleId, int expectedVersion) {
    return jdbc.sql(
                "UPDATE article SET version = version + 1 WHERE id = :id AND version = :version")
            .param("id", articleId)
            .param("version", expectedVersion)
            .update()
        == 1;
  }

  /** A revision holding the pending edit's content (the article's status alongside). */
  void insertRevisionOfPending(long articleId, String note, String savedBy, Instant now) {
    jdbc.sql(
            """
            INSERT INTO article_revision (article_id, number, language, slug, headline, standfirst, body_markdown,
                   section_id, tag_names, author_ids, hero_image_id, hero_caption, hero_credit, status, note,
                   saved_by, saved_at)
            SELECT p.article_id,
                   (SELECT coalesce(max(number), 0) + 1 FROM article_revision WHERE article_id = p.article_id),
                   p.language, p.slug, p.headline, p.standfirst, p.body_markdown, p.section_id, p.tag_names,
                   p.author_ids, p.hero_image_id, p.hero_caption, p.hero_credit, a.status, :note, :savedBy, :now
            FROM article_pending_edit p JOIN article a ON a.id = p.article_id
            WHERE p.article_id = :id
            """)
        .param("id", articleId)
        .param("note", note)
        .param("savedBy", savedBy)
        .param("now", Timestamp.from(now))
        .update();
  }

  /**
   * A revision of text that was not saved over someone else's: kept, never applied. Its language is
   * the draft's, or the article's where the draft named none we know.
   */
  void insertRevisionOfDraft(KeptDraft kept) {
    ArticleDraft d = kept.draft();
    jdbc.sql(
            """
            INSERT INTO article_revision (article_id, number, language, slug, headline, standfirst, body_markdown,
                   section_id, tag_names, author_ids, hero_image_id, hero_caption, hero_credit, status, note,
                   saved_by, saved_at)
            VALUES (:id, (SELECT coalesce(max(number), 0) + 1 FROM article_revision WHERE article_id = :id),
                    :lang, :slug, :headline, :standfirst, :markdown, :section, :tags, :authors, :hero, :caption,
                    :credit, :status, :note, :savedBy, :now)
            """)
        .param("id", kept.articleId())
        .param("lang", kept.language().code())
        .param("slug", d.slug())
        .param("headline", d.headline().isEmpty() ? "(no headline)" : d.headline())
        .param("standfirst", d.standfirst())
        .param("markdown", d.bodyMarkdown())
        .param("section", d.sectionId())
        .param("tags", d.tagNames().toArray(String[]::new))
        .param("authors", d.authorIds().toArray(Long[]::new))
        .param("hero", d.heroImageId())
        .param("caption", d.heroCaption())
        .param("credit", d.heroCredit())
        .param("status", kept.status())
        .param("note", kept.note())
        .param("savedBy", kept.savedBy())
        .param("now", Timestamp.from(kept.savedAt()))
        .update();
  }

  /** The newest revision's number, author, note and time, if any. */
  Optional<LatestRevision> latestRevision(long articleId) {
    return jdbc.sql(
            """
            SELECT number, note, saved_by, saved_at FROM article_revision
            WHERE article_id = :id ORDER BY number DESC LIMIT 1
            """)
        .param("id", articleId)
        .query(
            (rs, n) ->
                new LatestRevision(
                    rs.getInt("number"),
                    rs.getString("note"),
                    rs.getString("saved_by"),
                    rs.getTimestamp("saved_at").toInstant()))
        .optional();
  }

  record LatestRevision(int number, String note, String savedBy, Instant savedAt) {}

  /** Drops a revision (an autosave about to be replaced by a newer one within the same minute). */
  void deleteRevision(long articleId, int number) {
    jdbc.sql("DELETE FROM article_revision WHERE article_id = :id AND number = :number")
        .param("id", articleId)
        .param("number", number)
        .update();
  }

  private static PendingEdit pending(ResultSet rs, int n) throws SQLException {
    long translation = rs.getLong("translation_id");
    Long translationOrNull = rs.wasNull() ? null : translation;
    return new PendingEdit(
        rs.getLong("article_id"),
        text(rs, translationOrNull),
        ArticleRepository.instant(rs, "apply_at"),
        rs.getString("saved_by"),
        ArticleRepository.instant(rs, "saved_at"));
  }

  /**
   * An article's text from the columns it is kept in, alike in pending edits and revisions.
   *
   * @param translationId the translation it links to (revisions keep none)
   */
  static ArticleDraft text(ResultSet rs, Long translationId) throws SQLException {
    long section = rs.getLong("section_id");
    Long sectionOrNull = rs.wasNull() ? null : section;
    long hero = rs.getLong("hero_image_id");
    Long heroOrNull = rs.wasNull() ? null : hero;
    return new ArticleDraft(
        rs.getString("language"),
        rs.getString("slug"),
        rs.getString("headline"),
        rs.getString("standfirst"),
        rs.getString("body_markdown"),
        sectionOrNull,
        Arrays.asList((String[]) rs.getArray("tag_names").getArray()),
        Arrays.asList((Long[]) rs.getArray("author_ids").getArray()),
        heroOrNull,
        rs.getString("hero_caption"),
        rs.getString("hero_credit"),
        translationId);
  }
}

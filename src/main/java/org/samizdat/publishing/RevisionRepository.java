package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every saved state of an article, numbered from 1, never changed once written. */
@Repository
class RevisionRepository {

  private final JdbcClient jdbc;

  RevisionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Article a, String note, String savedBy, Instant now) {
    jdbc.sql(
            """
            INSERT INTO article_revision (article_id, number, language, slug, headline, standfirst, body_markdown,
                   section_id, tag_names, author_ids, hero_image_id, hero_caption, hero_credit, status, note,
                   saved_by, saved_at)
            VALUES (:id, (SELECT coalesce(max(number), 0) + 1 FROM article_revision WHERE article_id = :id),
                    :lang, :slug, :headline, :standfirst, :markdown, :section, :tags, :authors, :hero, :caption,
                    :credit, :status, :note, :savedBy, :now)
            """)
        .param("id", a.id())
        .param("lang", a.language().code())
        .param("slug", a.slug())
        .param("headline", a.headline())
        .param("standfirst", a.standfirst())
        .param("markdown", a.bodyMarkdown())
        .param("section", a.section() == null ? null : a.section().id())
        .param("tags", a.tags().stream().map(Tag::name).toArray(String[]::new))
        .param("authors", a.authors().stream().map(Author::id).toArray(Long[]::new))
        .param("hero", a.heroImage() == null ? null : a.heroImage().id())
        .param("caption", a.heroCaption())
        .param("credit", a.heroCredit())
        .param("status", a.status().name())
        .param("note", note)
        .param("savedBy", savedBy)
        .param("now", Timestamp.from(now))
        .update();
  }

  List<Revision> list(long articleId) {
    return jdbc.sql(
            """
            SELECT article_id, number, language, slug, headline, standfirst, body_markdown, section_id, tag_names,
                   author_ids, hero_image_id, hero_caption, hero_credit, status, note, saved_by, saved_at
            FROM article_revision WHERE article_id = :id ORDER BY number DESC
            """)
        .param("id", articleId)
        .query(RevisionRepository::revision)
        .list();
  }

  Optional<Revision> find(long articleId, int number) {
    return jdbc.sql(
            """
            SELECT article_id, number, language, slug, headline, standfirst, body_markdown, section_id, tag_names,
                   author_ids, hero_image_id, hero_caption, hero_credit, status, note, saved_by, saved_at
            FROM article_revision WHERE article_id = :id AND number = :number
            """)
        .param("id", articleId)
        .param("number", number)
        .query(RevisionRepository::revision)
        .optional();
  }

  private static Revision revision(ResultSet rs, int n) throws SQLException {
    return new Revision(
        rs.getLong("article_id"),
        rs.getInt("number"),
        Language.fromCode(rs.getString("language")).orElseThrow(),
        PendingEditRepository.text(rs, null),
        ArticleStatus.valueOf(rs.getString("status")),
        rs.getString("note"),
        rs.getString("saved_by"),
        ArticleRepository.instant(rs, "saved_at"));
  }
}

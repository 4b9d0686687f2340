package org.samizdat.demo;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The demo archive's set-based SQL. A fixture, not content: it reads and writes publishing's tables
 * (article, article_author, article_tag) directly, keeps no revisions for the copies, and is never
 * part of a newsroom's own work.
 */
@Repository
class DemoArchiveRepository {

  /**
   * One batch of copies: copy numbers {@code from} to {@code to} of every demo article, at most
   * {@code limit} articles; copy {@code n} is dated about {@code n * stepMinutes} minutes before
   * {@code base}.
   */
  record CopyBatch(Instant base, int from, int to, long limit, long stepMinutes) {}

  private final JdbcClient jdbc;

  DemoArchiveRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long live() {
    return jdbc.sql(
            "SELECT count(*) FROM article WHERE status = 'PUBLISHED' AND deleted_at IS NULL")
        .query(Long.class)
        .single();
  }

  /** The ids of the demo's own live articles, the ones copied. */
  List<Long> originals() {
    return jdbc.sql(
            """
            SELECT id FROM article
            WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND slug !~ '-x[0-9]+$'
            ORDER BY id
            """)
        .query(Long.class)
        .list();
  }

  /** When the oldest of the demo's own live articles was published. */
  Instant oldestOriginal() {
    Timestamp oldest =
        jdbc.sql(
                """
                SELECT min(published_at) FROM article
                WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND slug !~ '-x[0-9]+$'
                """)
            .query(Timestamp.class)
            .single();
    return oldest == null ? null : oldest.toInstant();
  }

  /** The number the next copy takes: one after the highest copy there is, or 1. */
  int nextCopy() {
    return jdbc.sql(
            "SELECT coalesce(max(substring(slug from '-x([0-9]+)$')::int), 0) + 1 FROM article")
        .query(Integer.class)
        .single();
  }

  /**
   * Brings the planner's statistics up to date with the grown tables, and marks their pages as seen
   * by everyone, as years of autovacuum would have: until then a count that could be read from an
   * index alone reads the table too (the author's deep page counted through a sequential scan when
   * the visibility map covered 58% of the fixture's article pages: 25 to 36 ms, 12 to 17 after a
   * VACUUM). Outside any transaction (VACUUM cannot run in one).
   */
  void analyze() {
    jdbc.sql("VACUUM (ANALYZE) article").update();
    jdbc.sql("VACUUM (ANALYZE) article_tag").update();
    jdbc.sql("VACUUM (ANALYZE) article_author").update();
  }

  /**
   * Writes one batch of copies with their authors, tags and translation links; returns how many
   * articles it added. Call it inside a transaction: its scratch table goes at commit.
   */
  long copy(CopyBatch batch) {
    jdbc.sql(
            """
            CREATE TEMP TABLE IF NOT EXISTS demo_archive_copy
              (source_id BIGINT, copy INT, rn INT, new_id BIGINT) ON COMMIT DROP
            """)
        .update();
    jdbc.sql(
            """
            INSERT INTO demo_archive_copy (source_id, copy, rn, new_id)
            SELECT s.id, g.copy, s.rn, nextval(pg_get_serial_sequence('article', 'id'))
            FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS rn FROM article
                  WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND slug !~ '-x[0-9]+$') s
            CROSS JOIN generate_series(:from, :to) AS g (copy)
            ORDER BY g.copy, s.id
            LIMIT :limit
            """)
        .param("from", batch.from())
        .param("to", batch.to())
        .param("limit", batch.limit())
        .update();
    long inserted =
        jdbc.sql(
                """
            -- the demo's own articles, read once per batch: read again for every copied row, they
            -- made the fixture slow down as it grew (26 articles/s at 25,000)
            WITH original AS MATERIALIZED (
              SELECT x.id, x.language, x.standfirst FROM article x
              WHERE x.status = 'PUBLISHED' AND x.slug !~ '-x[0-9]+$')
            INSERT INTO article (id, language, slug, headline, standfirst, body_markdown, body_html,
                                 section_id, hero_image_id, hero_caption, hero_credit, status,
                                 published_at, created_at, updated_at, version)
            SELECT m.new_id, s.language, left(s.slug, 90) || '-x' || m.copy, s.headline, s.standfirst,
                   s.body_markdown || E'\\n\\n' || o.standfirst,
                   s.body_html || E'\\n<p>'
                     || replace(replace(replace(o.standfirst, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
                     || '</p>',
                   s.section_id, s.hero_image_id, s.hero_caption, s.hero_credit, 'PUBLISHED',
                   d.at, d.at - interval '3 hours',
                   CASE WHEN m.new_id % 7 = 0 THEN d.at + interval '5 hours' ELSE d.at END, 1
            FROM demo_archive_copy m
            JOIN article s ON s.id = m.source_id
            JOIN LATERAL (
              SELECT x.standfirst FROM original x
              WHERE x.language = s.language
              ORDER BY (x.id * 7919 + m.copy * 104729) % 1000003 LIMIT 1) o ON true
            CROSS JOIN LATERAL (
              SELECT CAST(:base AS timestamptz)
                     - make_interval(mins => (m.copy * :step + (m.rn * 997) % :step)::int) AS at) d
            """)
            .param("base", batch.base() == null ? null : Timestamp.from(batch.base()))
            .param("step", batch.stepMinutes())
            .update();
    jdbc.sql(
            """
            INSERT INTO article_author (article_id, author_id, position)
            SELECT m.new_id, x.author_id, x.position
            FROM demo_archive_copy m JOIN article_author x ON x.article_id = m.source_id
            """)
        .update();
    jdbc.sql(
            """
            INSERT INTO article_tag (article_id, tag_id)
            SELECT m.new_id, t.tag_id
            FROM demo_archive_copy m JOIN article_tag t ON t.article_id = m.source_id
            """)
        .update();
    // the copy of an article's translation, made in the same batch, is its translation
    jdbc.sql(
            """
            UPDATE article a SET translation_id = m2.new_id
            FROM demo_archive_copy m1
            JOIN article s ON s.id = m1.source_id
            JOIN demo_archive_copy m2 ON m2.source_id = s.translation_id AND m2.copy = m1.copy
            WHERE a.id = m1.new_id
            """)
        .update();
    jdbc.sql("DROP TABLE demo_archive_copy").update();
    return inserted;
  }
}

package org.samizdat.demo;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grows the demo newsroom into ten years of archive, for measuring the site at scale: copies of the
 * demo's live articles (both languages, their sections, tags, authors, hero images and translation
 * links) with their own slugs ({@code <slug>-x<n>}), dates spread back over ten years, and a
 * further paragraph from another demo article so bodies and search results differ. Written with
 * set-based SQL, a batch of whole copies per statement, so 100,000 articles take minutes; the
 * search document is computed by PostgreSQL itself as rows arrive.
 *
 * <p>A fixture, not content: it writes publishing's tables directly and keeps no revisions for the
 * copies.
 */
@Component
class DemoArchive {

  /** How far back the copies reach. */
  static final Duration SPAN = Duration.ofDays(3_650);

  /** Articles per statement, roughly: a batch is always whole copies of the demo. */
  static final int BATCH = 2_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ClusterInvalidation invalidation;

  DemoArchive(JdbcClient jdbc, TransactionTemplate transactions, ClusterInvalidation invalidation) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.invalidation = invalidation;
  }

  /** Live articles there are now. */
  long live() {
    return jdbc.sql(
            "SELECT count(*) FROM article WHERE status = 'PUBLISHED' AND deleted_at IS NULL")
        .query(Long.class)
        .single();
  }

  /**
   * Adds copies until {@code target} articles are live; returns how many it added.
   *
   * @param progress told after every batch: added so far and the number to add
   */
  long grow(long target, Progress progress) {
    long toAdd = target - live();
    if (toAdd <= 0) {
      return 0;
    }
    List<Long> sources =
        jdbc.sql(
                """
            SELECT id FROM article
            WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND slug !~ '-x[0-9]+$'
            ORDER BY id
            """)
            .query(Long.class)
            .list();
    if (sources.isEmpty()) {
      throw new IllegalStateException(
          "There is no live article to copy: start once with SAMIZDAT_DEMO_CONTENT=true first.");
    }
    int perCopy = sources.size();
    // copies go back from the oldest demo article
    java.sql.Timestamp base =
        jdbc.sql(
                """
            SELECT min(published_at) FROM article
            WHERE status = 'PUBLISHED' AND deleted_at IS NULL AND slug !~ '-x[0-9]+$'
            """)
            .query(java.sql.Timestamp.class)
            .single();
    int firstCopy =
        jdbc.sql(
                "SELECT coalesce(max(substring(slug from '-x([0-9]+)$')::int), 0) + 1 FROM article")
            .query(Integer.class)
            .single();
    long copies = (toAdd + perCopy - 1) / perCopy;
    int lastCopy = (int) (firstCopy + copies - 1);
    // every copy a step further back, so the archive covers SPAN however large it is
    long stepMinutes = Math.max(1, SPAN.toMinutes() / Math.max(lastCopy, 1));
    int copiesPerBatch = Math.max(1, BATCH / perCopy);
    long added = 0;
    for (int from = firstCopy; from <= lastCopy; from += copiesPerBatch) {
      int first = from;
      int to = Math.min(lastCopy, from + copiesPerBatch - 1);
      long limit = Math.min(toAdd - added, (long) (to - from + 1) * perCopy);
      Long n = transactions.execute(status -> batch(base, first, to, limit, stepMinutes, perCopy));
      added += n == null ? 0 : n;
      progress.done(added, toAdd);
    }
    jdbc.sql("ANALYZE article").update();
    jdbc.sql("ANALYZE article_tag").update();
    jdbc.sql("ANALYZE article_author").update();
    // other nodes on the same database hold pages (and list indexes) of a smaller archive
    invalidation.evict(List.of("*"));
    return added;
  }

  private long batch(
      java.sql.Timestamp base, int from, int to, long limit, long stepMinutes, int perCopy) {
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
        .param("from", from)
        .param("to", to)
        .param("limit", limit)
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
            .param("base", base)
            .param("step", stepMinutes)
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

  /** Told how far a long run is. */
  @FunctionalInterface
  interface Progress {
    void done(long done, long total);
  }

  /** Consumes progress lines: done of total, rate and the time left, for a command's output. */
  static Progress lines(Consumer<String> out) {
    long started = System.nanoTime();
    return (done, total) ->
        out.accept(org.samizdat.platform.ProgressLine.format("Articles", done, total, started));
  }
}

package org.samizdat.publishing;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Readers' full-text search over the articles of one language edition: the ranking of matches, the
 * weeks it looks in first, and each page's hits with their passages. Its statements are on the
 * reader's path and were measured at 100,000 articles: change their text only with the figures in
 * hand.
 */
@Repository
class ArticleSearchRepository {

  private static final String LIVE =
      "a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.language = :lang";

  private static final String QUERY = "websearch_to_tsquery(CAST(:config AS regconfig), :query)";

  /** The week an article was published in, as the search indexes (V170) hold it. */
  private static final String WEEK = "date_trunc('week', a.published_at AT TIME ZONE 'UTC')";

  private static final String CONFIG =
      "CASE a.language WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END";

  private static final String HEADLINE_OPTIONS =
      "StartSel="
          + SearchSnippets.START
          + ", StopSel="
          + SearchSnippets.STOP
          + ", MaxWords=30, MinWords=10, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";

  private final JdbcClient jdbc;
  private final ZoneId zone;

  ArticleSearchRepository(JdbcClient jdbc, PlatformSettings settings) {
    this.jdbc = jdbc;
    this.zone = settings.timeZone();
  }

  /**
   * The ids of the newest {@code ranked} matches, best first: the matches whose headline has the
   * words, then those whose standfirst has them, then the rest, each newest first.
   *
   * @param cuts where the windows begin, newest first: the first window with {@code ranked} matches
   *     is the one ranked, else the whole edition
   */
  long[] rank(Language language, String text, List<Instant> cuts, int ranked) {
    // Each window's matches are a fence (MATERIALIZED): else the planner may walk the edition
    // newest first testing each article's whole search document, for a word it thinks common.
    StringBuilder sql = new StringBuilder("WITH ");
    for (int i = 0; i <= cuts.size(); i++) {
      String since =
          i < cuts.size()
              ? " AND %s >= date_trunc('week', CAST(:cut%d AS timestamptz) AT TIME ZONE 'UTC')"
                  .formatted(WEEK, i)
              : "";
      sql.append(
          """
          m%1$d AS MATERIALIZED (
            SELECT a.id, a.published_at FROM article a
            WHERE %2$s AND a.search_document @@ %3$s%4$s
          ), w%1$d AS MATERIALIZED (
            SELECT id, published_at FROM m%1$d
            ORDER BY published_at DESC, id DESC LIMIT :ranked
          ),
          """
              .formatted(i, LIVE, QUERY, since));
    }
    // the first window with enough matches, else the whole archive's; the counts are evaluated
    // only as far as needed, so a later window is never read when an earlier one was enough
    sql.append("newest AS MATERIALIZED (\n");
    for (int i = 0; i <= cuts.size(); i++) {
      List<String> conditions = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        conditions.add("(SELECT count(*) FROM w%d) < :ranked".formatted(j));
      }
      if (i < cuts.size()) {
        conditions.add("(SELECT count(*) FROM w%d) = :ranked".formatted(i));
      }
      sql.append(i > 0 ? "  UNION ALL\n" : "")
          .append("  SELECT id, published_at FROM w%d".formatted(i))
          .append(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
          .append('\n');
    }
    String oldest = "date_trunc('week', (SELECT min(published_at) FROM newest) AT TIME ZONE 'UTC')";
    sql.append(
        """
        ), headline AS MATERIALIZED (
          SELECT a.id FROM article a
          WHERE %1$s AND to_tsvector(%2$s, a.headline) @@ %3$s AND %4$s >= %5$s
        ), standfirst AS MATERIALIZED (
          SELECT a.id FROM article a
          WHERE %1$s AND to_tsvector(%2$s, a.standfirst) @@ %3$s AND %4$s >= %5$s
        )
        SELECT n.id FROM newest n
        ORDER BY CASE WHEN n.id IN (SELECT id FROM headline) THEN 0
                      WHEN n.id IN (SELECT id FROM standfirst) THEN 1
                      ELSE 2 END,
                 n.published_at DESC, n.id DESC
        """
            .formatted(LIVE, CONFIG, QUERY, WEEK, oldest));
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString())
            .param("lang", language.code())
            .param("config", config(language))
            .param("query", text)
            .param("ranked", ranked);
    for (int i = 0; i < cuts.size(); i++) {
      statement = statement.param("cut" + i, Timestamp.from(cuts.get(i)));
    }
    return statement.query(Long.class).list().stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The reader's words as PostgreSQL searches for them, in a {@code tsquery}'s text form: stemmed,
   * stop words left out, {@code or}, {@code -word} and "phrases" read as {@link #rank} reads them.
   */
  String tsquery(Language language, String text) {
    return jdbc.sql("SELECT CAST(" + QUERY + " AS text)")
        .param("config", config(language))
        .param("query", text)
        .query(String.class)
        .single();
  }

  /** An article's words as its search document holds them (stemmed), by where they stand. */
  record IndexedArticle(
      long id,
      Language language,
      Instant publishedAt,
      String[] headline,
      String[] standfirst,
      String[] words) {}

  private static final String INDEXED =
      """
      SELECT a.id, a.language, a.published_at,
             tsvector_to_array(ts_filter(a.search_document, '{a}')) AS headline,
             tsvector_to_array(ts_filter(a.search_document, '{b}')) AS standfirst,
             tsvector_to_array(a.search_document) AS words
      FROM article a
      WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.search_document IS NOT NULL
      """;

  /** Live articles after {@code after} in id order, at most {@code limit}, with their words. */
  List<IndexedArticle> indexedAfter(long after, int limit) {
    return jdbc.sql(INDEXED + " AND a.id > :after ORDER BY a.id LIMIT :limit")
        .param("after", after)
        .param("limit", limit)
        .query(ArticleSearchRepository::indexed)
        .list();
  }

  /** Those of these articles that are live, with their words. */
  List<IndexedArticle> indexed(Collection<Long> ids) {
    return jdbc.sql(INDEXED + " AND a.id = ANY(CAST(:ids AS bigint[]))")
        .param("ids", ids.toArray(Long[]::new))
        .query(ArticleSearchRepository::indexed)
        .list();
  }

  private static IndexedArticle indexed(ResultSet rs, int n) throws SQLException {
    return new IndexedArticle(
        rs.getLong("id"),
        Language.fromCode(rs.getString("language")).orElseThrow(),
        ArticleRepository.instant(rs, "published_at"),
        words(rs, "headline"),
        words(rs, "standfirst"),
        words(rs, "words"));
  }

  private static String[] words(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    return array == null ? new String[0] : (String[]) array.getArray();
  }

  /** When the newest {@code size} live articles of the edition begin; empty when it has fewer. */
  Optional<Instant> windowStart(Language language, int size) {
    return jdbc.sql(
            """
                SELECT a.published_at FROM article a WHERE %s
                ORDER BY a.published_at DESC, a.id DESC OFFSET :size LIMIT 1
                """
                .formatted(LIVE))
        .param("lang", language.code())
        .param("size", size - 1)
        .query((rs, n) -> ArticleRepository.instant(rs, "published_at"))
        .optional();
  }

  /** These matches as hits, in this order, each with its passage: one page, a few articles. */
  List<SearchHit> hits(Language language, String text, long[] ids) {
    StringBuilder array = new StringBuilder("{");
    for (long id : ids) {
      array.append(array.length() > 1 ? "," : "").append(id);
    }
    return jdbc.sql(
            """
            SELECT a.id, a.language, a.slug, a.headline, a.standfirst, a.published_at,
                   s.name_en AS section_en, s.name_ru AS section_ru,
                   ts_headline(CAST(:config AS regconfig), translate(a.body_html, :markers, ''),
                               websearch_to_tsquery(CAST(:config AS regconfig), :query), :options)
                     AS snippet
            FROM unnest(CAST(:ids AS bigint[])) WITH ORDINALITY AS p (id, n)
            JOIN article a ON a.id = p.id
            LEFT JOIN section s ON s.id = a.section_id
            WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL
            ORDER BY p.n
            """)
        .param("ids", array.append('}').toString())
        .param("config", config(language))
        .param("query", text)
        .param("markers", SearchSnippets.MARKERS)
        .param("options", HEADLINE_OPTIONS)
        .query(this::hit)
        .list();
  }

  private static String config(Language language) {
    return switch (language) {
      case EN -> "english";
      case RU -> "russian";
    };
  }

  private SearchHit hit(ResultSet rs, int n) throws SQLException {
    Language language = Language.fromCode(rs.getString("language")).orElseThrow();
    Instant publishedAt = ArticleRepository.instant(rs, "published_at");
    String section = rs.getString(language == Language.RU ? "section_ru" : "section_en");
    return new SearchHit(
        rs.getLong("id"),
        language,
        rs.getString("headline"),
        rs.getString("standfirst"),
        Article.pathOf(publishedAt, rs.getString("slug"), zone),
        publishedAt,
        section,
        SearchSnippets.endingCut(SearchSnippets.toHtml(rs.getString("snippet"))));
  }
}

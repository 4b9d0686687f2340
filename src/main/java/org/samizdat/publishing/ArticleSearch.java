package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Readers' full-text search over live articles, in PostgreSQL: stemmed in the edition's language,
 * ranked by where the words appear (headline over standfirst over body), newest first among equals.
 * Whatever a reader types is a valid query: it goes to {@code websearch_to_tsquery}, which
 * understands "quoted phrases", {@code or} and {@code -word} and never fails on syntax.
 */
@Service
@Transactional(readOnly = true)
public class ArticleSearch {

  /** Longer queries are cut: nobody types more, and every word costs index lookups. */
  public static final int MAX_QUERY_LENGTH = 200;

  public static final int MAX_PAGE_SIZE = 50;

  /** Words searched for at most; more only cost index lookups and narrow nothing anyone wants. */
  public static final int MAX_TERMS = 12;

  /**
   * Matches ranked at most, the newest first: a common word matches thousands of articles in ten
   * years of archive, and ranking reads each one's whole search document. Older matches are found
   * with more words.
   */
  public static final int MAX_RANKED = 1_000;

  private static final String MATCHES =
      """
      a.status = 'PUBLISHED' AND a.deleted_at IS NULL AND a.language = :lang
        AND a.search_document @@ websearch_to_tsquery(CAST(:config AS regconfig), :query)
      """;

  // Weights for D, C, B, A (body is C, standfirst B, headline A). Normalisation 1 divides by the
  // log of the document's length, so a long article does not win on length alone.
  private static final String RANK =
      "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search_document, q.query, 1)";

  private static final String HEADLINE_OPTIONS =
      "StartSel="
          + SearchSnippets.START
          + ", StopSel="
          + SearchSnippets.STOP
          + ", MaxWords=30, MinWords=10, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";

  private final JdbcClient jdbc;
  private final ZoneId zone;
  private final ReaderReads reads;

  ArticleSearch(JdbcClient jdbc, PlatformSettings settings, ReaderReads reads) {
    this.jdbc = jdbc;
    this.zone = settings.timeZone();
    this.reads = reads;
  }

  /** What searches keep in {@link ReaderReads}: the ranked matches of a query, and its pages. */
  private record Ranked(Language language, String text) {}

  private record OnePage(Language language, String text, int page, int size) {}

  /**
   * Live articles of one language edition matching the reader's words, best first. A query with
   * nothing to search for (blank, only punctuation, only stop words) finds nothing. The ranked
   * matches of a query and each page of them are kept until an article changes (with every other
   * reader read, see {@link ReaderReads}), so a query asked again, or its next page, costs no
   * ranking.
   *
   * @param query as the reader typed it; see {@link #normalize(String)}
   * @param page from 1; smaller numbers mean 1
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Page<SearchHit> search(Language language, String query, int page, int pageSize) {
    String text = normalize(query);
    int size = Math.max(1, Math.min(pageSize, MAX_PAGE_SIZE));
    int number = Math.max(1, page);
    if (text.isEmpty()) {
      return new Page<>(List.of(), number, size, 0);
    }
    return reads.get(
        new OnePage(language, text, number, size),
        () -> {
          long[] ranked = reads.get(new Ranked(language, text), () -> rank(language, text));
          long offset = (long) (number - 1) * size;
          if (offset >= ranked.length) {
            return new Page<>(List.of(), number, size, ranked.length);
          }
          long[] ids =
              Arrays.copyOfRange(
                  ranked, (int) offset, (int) Math.min(ranked.length, offset + size));
          return new Page<>(hits(language, text, ids), number, size, ranked.length);
        });
  }

  /**
   * The ids of the newest {@value #MAX_RANKED} matches, best first: what pages are cut from and,
   * their number, how many matches pages go to.
   */
  private long[] rank(Language language, String text) {
    String config = config(language);
    // Which matches are the newest: for a word in a good part of the archive, walking the edition
    // newest first and testing each article's words finds them soonest (about 1,100 read for a
    // word nearly everywhere). For any other word that walk reads far more (11,000 for a word in
    // a sixth of the articles) than the search index's bitmap of the matches and their publication
    // times (8,700), so the matches are then a fence (MATERIALIZED) the planner cannot turn into
    // the walk. Only the newest are ranked.
    String newest =
        common(config, text)
            ? "SELECT a.id, a.published_at FROM article a WHERE %s ORDER BY a.published_at DESC, a.id DESC LIMIT :ranked"
                .formatted(MATCHES)
            : "SELECT id, published_at FROM matches ORDER BY published_at DESC, id DESC LIMIT :ranked";
    return jdbc
        .sql(
            """
            WITH matches AS MATERIALIZED (
              SELECT a.id, a.published_at FROM article a WHERE %s
            ), newest AS MATERIALIZED (
              %s
            )
            SELECT n.id
            FROM newest n JOIN article a ON a.id = n.id,
                 websearch_to_tsquery(CAST(:config AS regconfig), :query) AS q (query)
            ORDER BY %s DESC, n.published_at DESC, n.id DESC
            """
                .formatted(MATCHES, newest, RANK))
        .param("lang", language.code())
        .param("config", config)
        .param("query", text)
        .param("ranked", MAX_RANKED)
        .query(Long.class)
        .list()
        .stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  /** These matches as hits, in this order, each with its passage: one page, a few articles. */
  private List<SearchHit> hits(Language language, String text, long[] ids) {
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

  /**
   * Whether the words are in more than {@link #COMMON} of the live articles, by the planner's own
   * estimate of the search index's matches (what it bases its plans on; planning only, no rows
   * read): a word the index does not even pay off for is common.
   */
  private boolean common(String config, String text) {
    String plan =
        jdbc.sql(
                """
                EXPLAIN (FORMAT JSON) SELECT 1 FROM article a
                WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL
                  AND a.search_document @@ websearch_to_tsquery(CAST(:config AS regconfig), :query)
                """)
            .param("config", config)
            .param("query", text)
            .query(String.class)
            .single();
    Matcher rows = INDEX_ROWS.matcher(plan);
    if (!rows.find()) {
      return true;
    }
    double live =
        jdbc.sql("SELECT reltuples FROM pg_class WHERE relname = 'article_search_idx'")
            .query(Double.class)
            .optional()
            .orElse(0.0);
    return live > 0 && Double.parseDouble(rows.group(1)) > COMMON * live;
  }

  /**
   * The share of live articles a word must be in for walking newest first to beat the index's
   * bitmap: where reading an article in the walk costs about seven times a bitmap's row.
   */
  static final double COMMON = 0.25;

  private static final Pattern INDEX_ROWS =
      Pattern.compile("\"Node Type\": \"Bitmap Index Scan\"[^}]*?\"Plan Rows\": (\\d+)");

  /**
   * The query as it is searched and shown back: control characters (NUL included, which PostgreSQL
   * refuses in text) become spaces, runs of space become one, and it is cut to {@value
   * #MAX_QUERY_LENGTH} characters without splitting one in two, and to {@value #MAX_TERMS} words.
   */
  public static String normalize(String query) {
    if (query == null) {
      return "";
    }
    StringBuilder clean = new StringBuilder(Math.min(query.length(), MAX_QUERY_LENGTH * 2));
    int kept = 0;
    boolean space = true;
    for (int i = 0; i < query.length() && kept < MAX_QUERY_LENGTH; ) {
      int cp = query.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        if (!space) {
          clean.append(' ');
          kept++;
          space = true;
        }
      } else if (Character.getType(cp) == Character.SURROGATE) {
        // half of a broken pair: not a character anyone typed
        continue;
      } else {
        clean.appendCodePoint(cp);
        kept++;
        space = false;
      }
    }
    String text = clean.toString().strip();
    int terms = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ' && ++terms == MAX_TERMS) {
        return text.substring(0, i);
      }
    }
    return text;
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

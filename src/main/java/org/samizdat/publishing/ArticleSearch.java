package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Readers' full-text search over live articles, in PostgreSQL: stemmed in the edition's language,
 * ranked by where the words appear (headline over standfirst over body), newest first among equals.
 * A common word is in thousands of articles in ten years of archive: only the newest {@value
 * #MAX_RANKED} matches are ranked and paged (older ones are found with more words). Whatever a
 * reader types is a valid query: it goes to {@code websearch_to_tsquery}, which understands "quoted
 * phrases", {@code or} and {@code -word} and never fails on syntax.
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
   * years of archive. Older matches are found with more words.
   */
  public static final int MAX_RANKED = 1_000;

  /**
   * How far back, in an edition's newest articles, the newest matches are looked for first: a word
   * in half the articles has its newest thousand among the newest 2,000, one in a sixth among the
   * newest 6,000, and so on; only a rarer word needs the whole archive, and then has few matches.
   * Each step reads at most about four thousand matches, however common the word.
   */
  static final int[] WINDOWS = {2_000, 6_000, 20_000};

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
  private final ReaderReads reads;

  private final int ranked;
  private final int[] windows;

  @Autowired
  ArticleSearch(JdbcClient jdbc, PlatformSettings settings, ReaderReads reads) {
    this(jdbc, settings, reads, MAX_RANKED, WINDOWS);
  }

  /** With other limits, so a test can see windows at work in a few dozen articles. */
  ArticleSearch(
      JdbcClient jdbc, PlatformSettings settings, ReaderReads reads, int ranked, int[] windows) {
    this.jdbc = jdbc;
    this.zone = settings.timeZone();
    this.reads = reads;
    this.ranked = ranked;
    this.windows = windows.clone();
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
   *
   * <p>The newest matches are looked for in the newest weeks first ({@link #WINDOWS}): the search
   * index holds each article's week, so it hands over only the matches of those weeks, and
   * PostgreSQL reads those articles alone (for every match it reads its publication time). A step
   * is taken only when the one before found fewer than {@value #MAX_RANKED}. Then the matches whose
   * headline has the words come first, then those whose standfirst has them, each newest first,
   * from indexes of the headline's and the standfirst's words over the same weeks: no match's whole
   * search document is read.
   */
  private long[] rank(Language language, String text) {
    List<Instant> cuts = windows(language);
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

  private record Windows(Language language) {}

  /**
   * When the newest {@link #WINDOWS} articles of the edition begin (those it has: a smaller edition
   * is searched whole), kept until an article changes.
   */
  private List<Instant> windows(Language language) {
    return reads.get(
        new Windows(language),
        () -> {
          List<Instant> cuts = new ArrayList<>();
          for (int size : windows) {
            jdbc.sql(
                    """
                        SELECT a.published_at FROM article a WHERE %s
                        ORDER BY a.published_at DESC, a.id DESC OFFSET :size LIMIT 1
                        """
                        .formatted(LIVE))
                .param("lang", language.code())
                .param("size", size - 1)
                .query((rs, n) -> ArticleRepository.instant(rs, "published_at"))
                .optional()
                .ifPresent(cuts::add);
          }
          return Collections.unmodifiableList(cuts);
        });
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

package org.samizdat.publishing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.i18n.Language;
import org.springframework.beans.factory.annotation.Autowired;
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

  private final ArticleSearchRepository articles;
  private final ReaderReads reads;
  private final ArticleSearchIndex index;

  private final int ranked;
  private final int[] windows;

  @Autowired
  ArticleSearch(ArticleSearchRepository articles, ReaderReads reads, ArticleSearchIndex index) {
    this(articles, reads, index, MAX_RANKED, WINDOWS);
  }

  /**
   * With other limits, so a test can see windows at work in a few dozen articles; {@code index}
   * null to ask PostgreSQL alone.
   */
  ArticleSearch(
      ArticleSearchRepository articles,
      ReaderReads reads,
      ArticleSearchIndex index,
      int ranked,
      int[] windows) {
    this.articles = articles;
    this.reads = reads;
    this.index = index;
    this.ranked = ranked;
    this.windows = windows.clone();
  }

  /**
   * What searches keep in {@link ReaderReads}: the ranked matches of a query, and its pages, each
   * with the version of the index they were found with (its changes may land just after the page
   * cache's notice that drops what readers read).
   */
  private record Ranked(Language language, String text, long index) {}

  private record OnePage(Language language, String text, int page, int size, long index) {}

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
    long version = index == null ? 0 : index.version();
    return reads.get(
        new OnePage(language, text, number, size, version),
        () -> {
          long[] ranked =
              reads.get(new Ranked(language, text, version), () -> rank(language, text));
          long offset = (long) (number - 1) * size;
          if (offset >= ranked.length) {
            return new Page<>(List.of(), number, size, ranked.length);
          }
          long[] ids =
              Arrays.copyOfRange(
                  ranked, (int) offset, (int) Math.min(ranked.length, offset + size));
          return new Page<>(articles.hits(language, text, ids), number, size, ranked.length);
        });
  }

  /**
   * The ids of the newest {@value #MAX_RANKED} matches, best first: what pages are cut from and,
   * their number, how many matches pages go to.
   *
   * <p>This node's {@link ArticleSearchIndex} answers when it can: it holds each word's articles
   * newest first. Else (while it is built, or for a phrase) PostgreSQL does, as follows. The newest
   * matches are looked for in the newest weeks first ({@link #WINDOWS}): the search index holds
   * each article's week, so it hands over only the matches of those weeks, and PostgreSQL reads
   * those articles alone (for every match it reads its publication time). A step is taken only when
   * the one before found fewer than {@value #MAX_RANKED}. Then the matches whose headline has the
   * words come first, then those whose standfirst has them, each newest first, from indexes of the
   * headline's and the standfirst's words over the same weeks: no match's whole search document is
   * read.
   */
  private long[] rank(Language language, String text) {
    if (index != null && index.ready()) {
      Optional<long[]> found = index.rank(language, articles.tsquery(language, text), ranked);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return articles.rank(language, text, windows(language), ranked);
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
            articles.windowStart(language, size).ifPresent(cuts::add);
          }
          return Collections.unmodifiableList(cuts);
        });
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
}

package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.ArticleSearch;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.SearchHit;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reader search on real PostgreSQL. The database is shared with other tests, so every test searches
 * for a nonsense word of its own and never assumes what else is there.
 */
class SearchIT extends IntegrationTest {

  private static final Actor EDITOR = new Actor(0, "SearchIT");
  private static final SecureRandom RANDOM = new SecureRandom();

  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired ArticleSearch search;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  long authorId;
  long sectionId;
  String word;

  @BeforeEach
  void setUp() {
    word = nonsense();
    authorId = taxonomy.createAuthor("Searcher " + word, "searcher-" + word, "");
    sectionId = taxonomy.createSection("search-" + word, "Courts " + word, "Суды " + word, 50);
  }

  @Test
  void englishWordsAreFoundByTheirStem() {
    long id =
        publish(
            Language.EN,
            "Journalists protested outside the ministry " + word,
            "",
            "They stood in the rain.");

    Document page = html("/search?q=" + enc("protest " + word));

    assertThat(resultIds(page)).containsExactly(id);
    // "results?" so the message may learn English plurals without this test changing
    assertThat(page.select(".search-status").text())
        .matches("1 results? for “protest " + word + "”");
    Element hit = page.selectFirst(".search-results li");
    assertThat(hit.select("h2 a").text())
        .isEqualTo("Journalists protested outside the ministry " + word);
    assertThat(hit.select("h2 a").attr("href"))
        .matches("/\\d{4}/\\d{2}/\\d{2}/journalists-protested-outside-the-ministry-" + word);
    assertThat(hit.select(".kicker").text()).isEqualTo("Courts " + word);
    assertThat(hit.select("time").attr("datetime")).isNotEmpty();
  }

  @Test
  void russianWordsAreFoundInAnyOfTheirForms() {
    long id =
        publish(
            Language.RU,
            "Журналисты протестовали против цензуры " + word,
            "",
            "Они стояли под дождём.");

    Document page = html("/ru/search?q=" + enc("цензура " + word));
    assertThat(resultIds(page)).containsExactly(id);
    assertThat(page.select(".search-status").text())
        .isEqualTo("Найдено: 1 статья по запросу «цензура " + word + "»");
    assertThat(page.selectFirst(".search-results .kicker").text()).isEqualTo("Суды " + word);
    assertThat(resultIds(html("/ru/search?q=" + enc("журналистов " + word)))).containsExactly(id);
  }

  @Test
  void eachEditionSearchesOnlyItsOwnLanguage() {
    long en = publish(Language.EN, "Court hearing " + word, "", "The hearing was adjourned.");
    long ru = publish(Language.RU, "Судебное заседание " + word, "", "Заседание отложили.");

    assertThat(resultIds(html("/search?q=" + word))).containsExactly(en);
    assertThat(resultIds(html("/ru/search?q=" + word))).containsExactly(ru);
  }

  @Test
  void aHeadlineMatchRanksAboveABodyOnlyMatchEvenWhenOlder() {
    Instant now = Instant.now();
    long bodyOnly =
        publish(
            Language.EN,
            "Council budget vote",
            "",
            "The " + word + " line item was cut.",
            now.minus(Duration.ofDays(1)));
    long inHeadline =
        publish(
            Language.EN,
            "The " + word + " affair",
            "",
            "A long story about the line item.",
            now.minus(Duration.ofDays(30)));
    long inStandfirst =
        publish(
            Language.EN,
            "Budget committee",
            "What the " + word + " means",
            "The committee met.",
            now.minus(Duration.ofDays(20)));

    assertThat(search.search(Language.EN, word, 1, 10).items())
        .extracting(SearchHit::id)
        .containsExactly(inHeadline, inStandfirst, bodyOnly);
    assertThat(resultIds(html("/search?q=" + word)))
        .containsExactly(inHeadline, inStandfirst, bodyOnly);
  }

  @Test
  void amongEqualMatchesTheNewestComesFirst() {
    Instant now = Instant.now();
    long older =
        publish(
            Language.EN,
            "Strike " + word,
            "",
            "Workers stopped.",
            now.minus(Duration.ofDays(3)),
            "strike-older-" + word);
    long newer =
        publish(
            Language.EN,
            "Strike " + word,
            "",
            "Workers stopped.",
            now.minus(Duration.ofDays(2)),
            "strike-newer-" + word);

    assertThat(resultIds(html("/search?q=" + word))).containsExactly(newer, older);
  }

  @Test
  void theSnippetHighlightsTheMatchAndShowsArticleTextAsTextNeverAsMarkup() {
    publish(
        Language.EN,
        "Bold <b>claims</b> <script>alert('h')</script> " + word,
        "A <i>standfirst</i>",
        "Police called the "
            + word
            + " report false. Its author wrote `<script>alert(1)</script>` and "
            + "<b>bold</b> <img src=x onerror=alert(2)> claims, AT&T said.");

    Response r = client().get("/search?q=" + word);
    Document page = r.html();
    Element hit = page.selectFirst(".search-results li");
    Element snippet = hit.selectFirst(".snippet");

    assertThat(snippet.select("mark")).hasSize(1);
    assertThat(snippet.select("mark").text()).isEqualTo(word);
    assertThat(snippet.children()).allMatch(e -> e.tagName().equals("mark"));
    assertThat(snippet.text())
        .contains(
            "Police called the " + word + " report false", "<script>alert(1)</script>", "AT&T");
    assertThat(snippet.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(hit.select("h2 a").text())
        .isEqualTo("Bold <b>claims</b> <script>alert('h')</script> " + word);
    assertThat(hit.select(".standfirst").text()).isEqualTo("A <i>standfirst</i>");
    assertThat(hit.select("script, b, i, img")).isEmpty();
    assertThat(page.select("script"))
        .allMatch(s -> s.hasAttr("src") || s.attr("type").equals("application/ld+json"));
    assertThat(r.body())
        .doesNotContain("<script>alert")
        .doesNotContain("<b>bold")
        .doesNotContain("onerror=alert");
  }

  @Test
  void onlyLiveArticlesAreFound() {
    long live = publish(Language.EN, "Live report " + word, "", "Readers can find this.");
    long draft = create(Language.EN, "Draft report " + word, "", "Not yet.", null);
    long withdrawn = publish(Language.EN, "Withdrawn report " + word, "", "Taken down.");
    publishing.unpublish(withdrawn, EDITOR);
    long trashed = publish(Language.EN, "Trashed report " + word, "", "Deleted.");
    publishing.delete(trashed, EDITOR);
    long scheduled = create(Language.EN, "Scheduled report " + word, "", "Tomorrow.", null);
    publishing.schedule(scheduled, Instant.now().plus(Duration.ofDays(1)), EDITOR);
    long trashedDraft = create(Language.EN, "Trashed draft " + word, "", "Gone.", null);
    publishing.delete(trashedDraft, EDITOR);

    Page<SearchHit> found = search.search(Language.EN, "report " + word, 1, 10);
    assertThat(found.items()).extracting(SearchHit::id).containsExactly(live).doesNotContain(draft);
    assertThat(found.total()).isEqualTo(1);
    assertThat(resultIds(html("/search?q=" + enc("report " + word)))).containsExactly(live);
  }

  @Test
  void resultsComeInPagesAndThePagerKeepsTheQuery() {
    Instant now = Instant.now();
    List<Long> newestFirst = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      newestFirst.add(
          0,
          publish(
              Language.EN,
              "Protest day " + (i + 1) + " " + word,
              "",
              "Another day of protest.",
              now.minus(Duration.ofHours(100 - i))));
    }

    Response first = client().get("/search?q=" + word);
    Document one = first.html();
    assertThat(one.select(".search-status").text()).isEqualTo("12 results for “" + word + "”");
    assertThat(resultIds(one)).containsExactlyElementsOf(newestFirst.subList(0, 10));
    assertThat(one.select(".pager a[rel=next]").attr("href"))
        .isEqualTo("/search?q=" + word + "&page=2");
    assertThat(one.select(".pager a[rel=prev]")).isEmpty();
    assertThat(one.select(".pager [aria-current=page]").text()).isEqualTo("1");

    Document two = html(one.select(".pager a[rel=next]").attr("href"));
    assertThat(resultIds(two)).containsExactlyElementsOf(newestFirst.subList(10, 12));
    assertThat(two.selectFirst(".search-results").attr("start")).isEqualTo("11");
    assertThat(two.select(".pager a[rel=prev]").attr("href")).isEqualTo("/search?q=" + word);
    assertThat(two.select(".pager a[rel=next]")).isEmpty();
    assertThat(two.select("input[name=q]").val()).isEqualTo(word);

    assertThat(client().get("/search?q=" + word + "&page=3").status()).isEqualTo(404);
    Page<SearchHit> beyond = search.search(Language.EN, word, 3, 10);
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(12);
  }

  @Test
  void badPageNumbersAreABadRequestNeverAServerError() {
    for (String page :
        List.of(
            "0", "-1", "abc", "1.5", "1001", "99999999999999999999", "%00", "1e3", "0x10", "２")) {
      Response r = client().get("/search?q=" + word + "&page=" + enc(page));
      assertThat(r.status()).as("page=%s", page).isEqualTo(400);
      assertThat(r.html().select("h1").text()).as("page=%s", page).isNotEmpty();
    }
    assertThat(client().get("/search?q=" + word + "&page=").status()).isEqualTo(200);
    assertThat(client().get("/search?q=" + word + "&page=1").status()).isEqualTo(200);
  }

  @Test
  void hostileQueriesAreJustWordsToSearchFor() {
    long id = publish(Language.EN, "Hostile input " + word, "", "Nothing to see.");
    List<String> queries =
        List.of(
            "'; DROP TABLE article;--",
            "\"unbalanced",
            "a & | ! (",
            ")))(((",
            "!!!",
            "foo:* & bar:A",
            "a <-> b <2> c",
            "\\",
            "%_%",
            "' OR '1'='1",
            "{0} {1} ${7*7} #{x}",
            "<script>alert(1)</script>",
            "\u0000",
            "nul\u0000in the middle",
            "\u0001\u0002 control",
            "😀🔥 emoji",
            "\u202Eright to left",
            "the",
            "or",
            "-",
            "\"\"",
            "x".repeat(5000),
            "word ".repeat(1000));
    for (String q : queries) {
      for (String edition : List.of("/search", "/ru/search")) {
        Response r = client().get(edition + "?q=" + enc(q));
        assertThat(r.status()).as("%s?q=%s", edition, abbreviate(q)).isEqualTo(200);
        Document page = r.html();
        assertThat(page.select("form[role=search] input[name=q]")).as(abbreviate(q)).hasSize(1);
        assertThat(page.select("script")).allMatch(s -> s.hasAttr("src"));
        assertThat(page.select("input[name=q]").val().length())
            .isLessThanOrEqualTo(ArticleSearch.MAX_QUERY_LENGTH);
      }
      assertThat(search.search(Language.EN, q, 1, 10).items()).isNotNull();
      assertThat(search.search(Language.RU, q, 1, 10).items()).isNotNull();
    }
    // a MessageFormat pattern in the query is shown as typed, not interpreted
    assertThat(html("/search?q=" + enc("{0} " + word + "zz")).select(".search-status").text())
        .contains("“{0} " + word + "zz”");
    // the database is intact and search still works
    assertThat(
            jdbc.sql("SELECT count(*) FROM article WHERE id = :id")
                .param("id", id)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(resultIds(html("/search?q=" + word))).containsExactly(id);
    // websearch syntax works: a quoted phrase, "or", and -exclusion
    assertThat(resultIds(html("/search?q=" + enc("\"hostile input\" " + word))))
        .containsExactly(id);
    assertThat(resultIds(html("/search?q=" + enc("\"input hostile\" " + word)))).isEmpty();
    assertThat(resultIds(html("/search?q=" + enc(word + " -hostile")))).isEmpty();
    assertThat(resultIds(html("/search?q=" + enc(word + " or qqqnothing")))).containsExactly(id);
  }

  @Test
  void aWordThatIsNowhereSaysNothingWasFound() {
    String missing = nonsense();
    Document en = html("/search?q=" + missing);
    assertThat(en.select(".search-results")).isEmpty();
    assertThat(en.select(".search-status").text())
        .isEqualTo("Nothing found for “" + missing + "”. Try fewer or different words.");
    Document ru = html("/ru/search?q=" + missing);
    assertThat(ru.select(".search-status").text())
        .isEqualTo("По запросу «" + missing + "» ничего не найдено. Попробуйте другие слова.");
    // only stop words or punctuation: nothing to search for, nothing found, no error
    assertThat(html("/search?q=" + enc("the of and")).select(".search-status").text())
        .startsWith("Nothing found for");
  }

  @Test
  void withoutAQueryThePageInvitesOneWithAFormThatWorksWithoutJavaScript() {
    for (String path : List.of("/search", "/search?q=", "/search?q=%20%20")) {
      Response r = client().get(path);
      assertThat(r.status()).isEqualTo(200);
      Document page = r.html();
      assertThat(page.select(".search-status").text())
          .isEqualTo("Type a word or a name to search all articles.");
      assertThat(page.select(".search-results, .pager")).isEmpty();
      Element form = page.selectFirst("form[role=search]");
      assertThat(form.attr("method")).isEqualTo("get");
      assertThat(form.attr("action")).isEqualTo("/search");
      Element input = form.selectFirst("input[name=q]");
      assertThat(input.attr("type")).isEqualTo("search");
      assertThat(form.select("label[for=" + input.id() + "]").text())
          .isEqualTo("Search the archive");
      assertThat(form.select("button[type=submit]").text()).isEqualTo("Search");
    }
    Document ru = html("/ru/search");
    assertThat(ru.selectFirst("html").attr("lang")).isEqualTo("ru");
    assertThat(ru.selectFirst("form[role=search]").attr("action")).isEqualTo("/ru/search");
    assertThat(ru.select("label[for=search-q]").text()).isEqualTo("Поиск по архиву");
    assertThat(ru.select("nav a[aria-current=page]").attr("href")).isEqualTo("/ru/search");
  }

  @Test
  void resultPagesAreCacheableAndTheSameForEveryone() {
    publish(Language.EN, "Cached " + word, "", "Body.");
    for (String path : List.of("/search", "/search?q=" + word, "/ru/search?q=" + word)) {
      Response r = client().get(path);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Cache-Control"))
          .isEqualTo("public, max-age=60, stale-while-revalidate=600, stale-if-error=86400");
      assertThat(r.header("Set-Cookie")).isNull();
      assertThat(r.html().select("link[rel=canonical]").attr("href"))
          .endsWith(path.startsWith("/ru") ? "/ru/search" : "/search");
    }
  }

  @Test
  void theSearchCanUseItsIndex() {
    // A shared test database holds a few dozen rows, too few for the planner to choose an index
    // on its own. So, in a transaction that is rolled back, leave it only two ways to find rows
    // by words (a bitmap scan of the search index, or of the other indexes on live articles, which
    // go away), and check that the query as written matches the partial index's predicate.
    List<String> plan =
        new TransactionTemplate(transactions)
            .execute(
                tx -> {
                  tx.setRollbackOnly();
                  jdbc.sql("SET LOCAL lock_timeout = '5s'").update();
                  jdbc.sql("SET LOCAL enable_seqscan = off").update();
                  jdbc.sql("SET LOCAL enable_indexscan = off").update();
                  jdbc.sql("DROP INDEX article_status_published_idx").update();
                  // and the indexes on live articles of the lists (V70), the sitemaps (V120)
                  // and the newsroom's list (V140)
                  jdbc.sql(
                          "DROP INDEX article_live_sitemap_idx, article_live_language_idx,"
                              + " article_live_section_idx, article_newsroom_order_idx")
                      .update();
                  return jdbc.sql(
                          """
              EXPLAIN SELECT a.id FROM article a
              WHERE a.status = 'PUBLISHED' AND a.deleted_at IS NULL
                AND a.search_document @@ websearch_to_tsquery('english', 'press freedom')
              """)
                      .query(String.class)
                      .list();
                });
    assertThat(String.join("\n", plan)).contains("Bitmap Index Scan on article_search_idx");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_status_published_idx'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  private long publish(Language language, String headline, String standfirst, String body) {
    long id = create(language, headline, standfirst, body, null);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  private long publish(
      Language language, String headline, String standfirst, String body, Instant at) {
    return publish(language, headline, standfirst, body, at, null);
  }

  private long publish(
      Language language, String headline, String standfirst, String body, Instant at, String slug) {
    long id = create(language, headline, standfirst, body, slug);
    publishing.publishBackdated(id, at, EDITOR);
    return id;
  }

  private long create(
      Language language, String headline, String standfirst, String body, String slug) {
    return publishing.create(
        new ArticleDraft(
            language.code(),
            slug,
            headline,
            standfirst,
            body,
            sectionId,
            List.of(),
            List.of(authorId),
            null,
            "",
            "",
            null),
        EDITOR);
  }

  private Document html(String path) {
    Response r = client().get(path);
    assertThat(r.status()).as(path).isEqualTo(200);
    return r.html();
  }

  /**
   * The articles a results page lists, in order, by the ids in their addresses' slugs' articles.
   */
  private List<Long> resultIds(Document page) {
    List<Long> ids = new ArrayList<>();
    for (Element link : page.select(".search-results h2 a")) {
      String slug = link.attr("href").replaceAll(".*/", "");
      ids.add(
          jdbc.sql("SELECT id FROM article WHERE slug = :slug AND status = 'PUBLISHED'")
              .param("slug", slug)
              .query(Long.class)
              .single());
    }
    return ids;
  }

  private static String nonsense() {
    StringBuilder s = new StringBuilder("zq");
    for (int i = 0; i < 10; i++) {
      s.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return s.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

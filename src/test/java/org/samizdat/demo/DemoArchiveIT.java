package org.samizdat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.StatementCounting;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo grown into an archive (the scale fixture), and what reader pages cost in it: the same
 * few statements on the first and the last page of a list, a sitemap from one query.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
@TestPropertySource(properties = {"samizdat.demo.enabled=true", "samizdat.cache.enabled=false"})
@Import(StatementCounting.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoArchiveIT extends IntegrationTest {

  static final int TARGET = 700;

  @Autowired DemoArchive archive;
  @Autowired JdbcClient jdbc;
  @Autowired Taxonomy taxonomy;
  @Autowired Publishing publishing;

  @BeforeAll
  void grow() {
    List<String> lines = new ArrayList<>();
    archive.grow(TARGET, DemoArchive.lines(lines::add));
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("of").contains("/s");
    // vacuumed as a years-old archive would be: counts can come from an index alone (none of its
    // pages were all-visible before; 80% here, the newest ones may still be in other transactions'
    // view)
    assertThat(
            count(
                "SELECT round(100.0 * relallvisible / greatest(relpages, 1)) FROM pg_class WHERE relname = 'article'"))
        .as("percent of article's pages all-visible")
        .isGreaterThanOrEqualTo(50);
  }

  /** The growing's and earlier tests' changes, heard back before anything is counted. */
  @BeforeEach
  void noticesHeard() {
    cacheNoticesHeardBack();
  }

  long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  @Test
  void theArchiveHasTheAskedNumberOfLiveArticlesLikeTheDemos() {
    assertThat(archive.live()).isEqualTo(TARGET);
    assertThat(archive.grow(TARGET, (d, t) -> {})).as("already there: nothing added").isZero();
    assertThat(count("SELECT count(DISTINCT language) FROM article")).isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM article_author x WHERE x.article_id = a.id)"))
        .isZero();
    assertThat(count("SELECT count(*) FROM article_tag")).isGreaterThan(TARGET);
    assertThat(
            count(
                """
                SELECT count(*) FROM article a JOIN article t ON t.id = a.translation_id
                WHERE t.translation_id = a.id AND a.slug ~ '-x[0-9]+$'
                """))
        .as("copies of a translated pair translate each other")
        .isGreaterThan(100);
    assertThat(count("SELECT count(*) FROM article WHERE hero_image_id IS NOT NULL"))
        .isGreaterThan(TARGET / 2);
    assertThat(
            count(
                "SELECT extract(year FROM max(published_at)) - extract(year FROM min(published_at)) FROM article"))
        .as("ten years of archive")
        .isBetween(9L, 11L);
    assertThat(
            count(
                "SELECT count(*) FROM article WHERE search_document @@ to_tsquery('english', 'parliament')"))
        .isGreaterThan(5);
  }

  @Test
  void aDeepPageOfAListCostsWhatItsFirstPageCosts() {
    Response first = counted("/section/world");
    assertThat(first.status()).isEqualTo(200);
    String label = first.html().select("nav.pager > span").text();
    Matcher pages = Pattern.compile("(\\d+)\\D*$").matcher(label);
    assertThat(pages.find()).as(label).isTrue();
    int last = Integer.parseInt(pages.group(1));
    assertThat(last).isGreaterThan(5);
    // a page read for the first time, now that the list's page boundaries are known
    assertThat(counted("/section/world?page=2").status()).isEqualTo(200);
    int firstCost = StatementCounting.count(lastId);
    assertThat(firstCost).as("the page's rows are read").isPositive();

    Response deep = counted("/section/world?page=" + last);
    assertThat(deep.status()).isEqualTo(200);
    assertThat(deep.html().select(".story-list article, .story-list .story")).isNotEmpty();
    assertThat(StatementCounting.count(lastId)).isEqualTo(firstCost);
    assertThat(counted("/section/world?page=" + (last + 1)).status()).isEqualTo(404);

    // pages follow each other without a gap or a repeat
    List<String> seen = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      Response r = client().get("/section/world" + (page == 1 ? "" : "?page=" + page));
      r.html().select(".story-list h2 a").forEach(a -> seen.add(a.attr("href")));
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize(36);

    // and no page costs a statement per article it lists (12 a page): the page's chrome (sections,
    // the goal's progress in the banner ...) and one query for the list
    assertThat(firstCost).isLessThanOrEqualTo(13);
  }

  @Test
  void theArticleSitemapIsOneQueryForThousandsOfAddresses() {
    Response sitemap = counted("/sitemap-articles.xml");
    assertThat(sitemap.status()).isEqualTo(200);
    assertThat(sitemap.body().split("<url>", -1).length - 1).isEqualTo(TARGET);
    assertThat(sitemap.body()).contains("hreflang=\"ru\"");
    assertThat(StatementCounting.count(lastId)).isLessThanOrEqualTo(3);
    Response index = counted("/sitemap.xml");
    assertThat(index.body()).contains("<lastmod>");
    Response pages = counted("/sitemap-pages.xml");
    assertThat(pages.status()).isEqualTo(200);
    assertThat(StatementCounting.count(lastId)).isLessThanOrEqualTo(6);
  }

  @Test
  void aFeedOrACommonWordsSearchIsAFewStatementsHoweverManyArticlesItShows() {
    for (String feed : List.of("/feed.rss", "/feed.atom", "/feed.json")) {
      counted(feed);
      Response again = counted(feed);
      assertThat(again.status()).as(feed).isEqualTo(200);
      assertThat(again.body().split("/20\\d\\d/\\d\\d/\\d\\d/", -1).length)
          .as(feed + " lists its 30 articles")
          .isGreaterThan(30);
      // the list, its 30 articles whole, their authors and tags, their live updates: not two
      // statements an article as when each was read on its own
      assertThat(StatementCounting.count(lastId)).as(feed).isLessThanOrEqualTo(8);
    }
    Response search = counted("/search?q=parliament");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.html().select(".search-results li")).hasSizeGreaterThan(5);
    // the estimate that picks the plan, the page with its count, the chrome
    assertThat(StatementCounting.count(lastId)).isLessThanOrEqualTo(8);
  }

  @Test
  void whatReaderPagesReadIsReadOnceUntilSomethingChanges() {
    String article =
        client()
            .get("/")
            .html()
            .select(".story a[href^=/20], .lead a[href^=/20], a[href^=/20]")
            .first()
            .attr("href");
    for (String path :
        List.of("/", article, "/section/world?page=3", "/ru/", "/feed.rss", "/ru/feed.json")) {
      assertThat(counted(path).status()).as(path).isEqualTo(200);
      Response again = counted(path);
      assertThat(again.status()).as(path).isEqualTo(200);
      assertThat(StatementCounting.count(lastId))
          .as(path + ", read a second time, asks the archive nothing")
          .isZero();
    }

    // a section renamed shows at once on every page that names it, though the lists were kept
    Section world = taxonomy.section("world").orElseThrow();
    try {
      taxonomy.updateSection(world.id(), "World at large", world.nameRu(), world.position());
      Response section = counted("/section/world?page=3");
      assertThat(section.html().select("h1").text()).contains("World at large");
      assertThat(StatementCounting.count(lastId)).as("read again after the change").isPositive();
      assertThat(client().get(article).html().select("header nav, nav").text())
          .contains("World at large");
    } finally {
      taxonomy.updateSection(world.id(), world.nameEn(), world.nameRu(), world.position());
    }
    assertThat(client().get("/section/world").html().select("h1").text())
        .doesNotContain("World at large");
  }

  @Test
  void aSearchAskedAgainAsksTheArchiveNothingAndShowsAPublishOrAWithdrawalAtOnce() {
    String word = "zyzzogeton" + UUID.randomUUID().toString().substring(0, 6).replace('-', 'x');
    String path = "/search?q=" + word;
    assertThat(counted(path).html().select(".search-results li")).isEmpty();
    assertThat(counted(path).status()).isEqualTo(200);
    assertThat(StatementCounting.count(lastId)).as("a search asked again").isZero();
    for (String page : List.of("/search?q=parliament", "/search?q=parliament&page=3")) {
      Response first = counted(page);
      Response again = counted(page);
      assertThat(again.html().select(".search-results li").eachText())
          .as(page)
          .hasSizeGreaterThan(5)
          .isEqualTo(first.html().select(".search-results li").eachText());
      assertThat(StatementCounting.count(lastId)).as(page + ", asked again").isZero();
    }

    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "The " + word + " comes to parliament",
                "A rare beast.",
                "Nobody had seen a " + word + " before.",
                null,
                List.of(),
                List.of(count("SELECT min(id) FROM author")),
                null,
                null,
                null,
                null),
            Actor.SYSTEM);
    publishing.publishNow(id, Actor.SYSTEM);
    try {
      assertThat(client().get(path).html().select(".search-results li").text())
          .as("published: found at once, though the empty result was kept")
          .contains("comes to parliament");
      assertThat(client().get("/search?q=parliament").html().select(".search-results").text())
          .as("the newest match of a common word is on its first page")
          .contains(word);
      publishing.unpublish(id, Actor.SYSTEM);
      assertThat(client().get(path).html().select(".search-results li"))
          .as("withdrawn: gone at once")
          .isEmpty();
      assertThat(client().get("/search?q=parliament").html().select(".search-results").text())
          .doesNotContain(word);
    } finally {
      publishing.unpublish(id, Actor.SYSTEM);
    }
  }

  private String lastId;

  private Response counted(String path) {
    lastId = UUID.randomUUID().toString();
    return client().get(path, Map.of(StatementCounting.HEADER, lastId));
  }
}

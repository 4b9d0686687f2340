package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.i18n.Language;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The node's search index answers exactly what PostgreSQL answers, in the same order, and follows
 * every change: an article published or withdrawn is in or out of it before the editor's request
 * returns, and a notice that may have missed others rebuilds it, PostgreSQL answering meanwhile.
 */
class ArticleSearchIndexIT extends IntegrationTest {

  private static final Actor EDITOR = new Actor(0, "ArticleSearchIndexIT");

  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformSettings settings;
  @Autowired ClusterInvalidation invalidation;
  @Autowired ArticleSearchIndex index;

  @Test
  void findsWhatPostgresqlFindsInTheSameOrderAndFollowsChanges() {
    await().atMost(Duration.ofSeconds(60)).until(index::ready);
    String u = UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "x");
    String every = "omni" + u.substring(0, 8);
    String third = "terti" + u.substring(8, 16);
    String fifth = "quint" + u.substring(16, 24);
    long author = taxonomy.createAuthor("Index " + u, "index-" + u.substring(0, 12), "");
    Instant now = Instant.now();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String words = every + (i % 3 == 0 ? " " + third : "") + (i % 5 == 0 ? " " + fifth : "");
      String headline = i == 3 || i == 20 ? "News of the " + words : "News " + i;
      String standfirst = i == 1 || i == 15 ? "All about the " + words : "";
      long id =
          publishing.create(
              new ArticleDraft(
                  "en",
                  "index-" + i + "-" + u.substring(0, 12),
                  headline,
                  standfirst,
                  "Today the " + words + " was seen, and the council's vote was delayed.",
                  null,
                  List.of(),
                  List.of(author),
                  null,
                  "",
                  "",
                  null),
              EDITOR);
      publishing.publishBackdated(id, now.minus(Duration.ofDays(3L * i + 1)), EDITOR);
      ids.add(id);
    }
    ArticleSearchRepository repository = new ArticleSearchRepository(jdbc, settings);
    await().atMost(Duration.ofSeconds(30)).until(index::ready);
    List<String> queries =
        List.of(
            every,
            third,
            every + " " + third,
            third + " or " + fifth,
            every + " -" + third,
            "-" + third + " " + every,
            every + " -" + third + " -" + fifth,
            "(" + third + " or " + fifth + ") " + every,
            every.toUpperCase() + " " + fifth + "!",
            "the " + fifth,
            every + "qz",
            "vote " + third,
            "parliament",
            "internet -blackout",
            "blackout or protest",
            "council or river");
    for (String query : queries) {
      for (int ranked : new int[] {5, 1_000}) {
        long[] postgres = repository.rank(Language.EN, query, List.of(), ranked);
        assertThat(indexed(repository, Language.EN, query, ranked))
            .as(query + ", ranking " + ranked)
            .containsExactly(postgres);
      }
    }
    // the headline matches (3), then the standfirst matches (1), then the rest, newest first
    assertThat(indexed(repository, Language.EN, every, 5))
        .containsExactly(ids.get(3), ids.get(1), ids.get(0), ids.get(2), ids.get(4));
    // a phrase, a prefix or weights: PostgreSQL answers
    await().atMost(Duration.ofSeconds(30)).until(index::ready);
    assertThat(
            index.rank(
                Language.EN, repository.tsquery(Language.EN, "\"" + every + " " + third + "\""), 5))
        .isEmpty();
    assertThat(index.rank(Language.EN, "'" + every + "':*", 5)).isEmpty();
    // stop words only: nothing, as PostgreSQL finds
    assertThat(indexed(repository, Language.EN, "the and of", 5)).isEmpty();
    // the other edition's articles are not found
    assertThat(indexed(repository, Language.RU, every, 5)).isEmpty();

    long versionBefore = index.version();
    publishing.unpublish(ids.get(3), EDITOR);
    assertThat(index.version()).isGreaterThan(versionBefore);
    await().atMost(Duration.ofSeconds(30)).until(index::ready);
    assertThat(indexed(repository, Language.EN, every, 5))
        .containsExactly(ids.get(1), ids.get(0), ids.get(2), ids.get(4), ids.get(5));
    publishing.publishBackdated(ids.get(3), now.minus(Duration.ofDays(10)), EDITOR);
    await().atMost(Duration.ofSeconds(30)).until(index::ready);
    assertThat(indexed(repository, Language.EN, every, 5)).startsWith(ids.get(3));

    // the same through the search readers use: what a reader gets does not depend on the index
    ArticleSearch withIndex =
        new ArticleSearch(repository, new ReaderReads(invalidation, 1), index, 5, new int[0]);
    ArticleSearch postgresOnly =
        new ArticleSearch(repository, new ReaderReads(invalidation, 1), null, 5, new int[0]);
    for (String query : queries) {
      assertThat(ids(withIndex, query)).as(query).isEqualTo(ids(postgresOnly, query));
    }

    // a notice that may have missed others: rebuilt, PostgreSQL answering meanwhile
    invalidation.evict(List.of("*"));
    assertThat(ids(withIndex, every)).isEqualTo(ids(postgresOnly, every));
    await().atMost(Duration.ofSeconds(60)).until(index::ready);
    for (String query : queries) {
      long[] postgres = repository.rank(Language.EN, query, List.of(), 1_000);
      assertThat(indexed(repository, Language.EN, query, 1_000))
          .as(query + " after a rebuild")
          .containsExactly(postgres);
    }
  }

  /**
   * What the index answers, once it answers: changes made elsewhere in the shared database (other
   * tests) reach it too, and until it has taken them in it leaves the answer to PostgreSQL.
   */
  private long[] indexed(
      ArticleSearchRepository repository, Language language, String query, int ranked) {
    String tsquery = repository.tsquery(language, query);
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> index.rank(language, tsquery, ranked), Optional::isPresent)
        .orElseThrow();
  }

  private static List<Long> ids(ArticleSearch search, String query) {
    List<Long> ids = new ArrayList<>();
    Page<SearchHit> page = search.search(Language.EN, query, 1, 10);
    page.items().forEach(h -> ids.add(h.id()));
    ids.add((long) page.total());
    return ids;
  }
}

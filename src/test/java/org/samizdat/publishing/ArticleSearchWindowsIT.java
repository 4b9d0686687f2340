package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.i18n.Language;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Search looks for the newest matches in the newest weeks first, and further back only when those
 * hold too few: the answer must be the one the whole archive gives. Ranking 5 and with windows of
 * the edition's newest 3 and 8 articles, a few dozen articles a week apart are enough to need them
 * (which steps are taken depends on what else the shared database holds; the answer not).
 */
class ArticleSearchWindowsIT extends IntegrationTest {

  private static final Actor EDITOR = new Actor(0, "ArticleSearchWindowsIT");

  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformSettings settings;
  @Autowired ClusterInvalidation invalidation;

  @Test
  void windowsFindWhatTheWholeArchiveFindsInTheSameOrder() {
    String u = UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "x");
    String every = "omni" + u.substring(0, 8);
    String third = "terti" + u.substring(8, 16);
    long author = taxonomy.createAuthor("Windows " + u, "windows-" + u.substring(0, 12), "");
    Instant now = Instant.now();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String word = every + (i % 3 == 0 ? " " + third : "");
      String headline = i == 3 || i == 20 ? "News of the " + word : "News " + i;
      String standfirst = i == 1 || i == 25 ? "All about the " + word : "";
      long id =
          publishing.create(
              new ArticleDraft(
                  "en",
                  "windows-" + i + "-" + u.substring(0, 12),
                  headline,
                  standfirst,
                  "Today the " + word + " was seen.",
                  null,
                  List.of(),
                  List.of(author),
                  null,
                  "",
                  "",
                  null),
              EDITOR);
      // a week apart: the windows are whole weeks
      publishing.publishBackdated(id, now.minus(Duration.ofDays(8L * i + 1)), EDITOR);
      ids.add(id);
    }
    ArticleSearch whole = search(new int[0]);
    ArticleSearch windowed = search(new int[] {3, 8});
    for (String query : List.of(every, third, every + " " + third, third + " or " + every)) {
      List<Long> expected = all(whole, query);
      assertThat(all(windowed, query)).as(query).isEqualTo(expected);
      assertThat(windowed.search(Language.EN, query, 1, 2).total()).as(query).isEqualTo(5);
    }
    // of the newest five matches, headline matches first, then standfirst matches, then the
    // rest, each newest first; an older headline match (20) is not among them
    assertThat(all(windowed, every))
        .containsExactly(ids.get(3), ids.get(1), ids.get(0), ids.get(2), ids.get(4));
    assertThat(all(windowed, third))
        .containsExactly(ids.get(3), ids.get(0), ids.get(6), ids.get(9), ids.get(12));
  }

  private ArticleSearch search(int[] windows) {
    return new ArticleSearch(
        new ArticleSearchRepository(jdbc, settings),
        new ReaderReads(invalidation, 1),
        null,
        5,
        windows);
  }

  /** Every page of the ranked matches, in order. */
  private static List<Long> all(ArticleSearch search, String query) {
    List<Long> ids = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      search.search(Language.EN, query, page, 2).items().forEach(h -> ids.add(h.id()));
    }
    return ids;
  }
}

package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Read more" is read once for every article with the same tags, section and language, and each
 * article then leaves itself out: it must be what the query for that one article gives.
 */
class ReadMoreIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "Test editor");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired ArticleRepository repository;

  @Test
  void articlesWithTheSameTagsShareOneReadingAndEachLeavesItselfOut() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long author = taxonomy.createAuthor("Writer " + u, "writer-" + u, "");
    long section = taxonomy.createSection("rm-" + u, "Read more " + u, "Ещё " + u, 60);
    long other = taxonomy.createSection("rm-other-" + u, "Other " + u, "Другое " + u, 61);
    Instant start = Instant.now().minus(30, ChronoUnit.DAYS);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      List<String> tags =
          switch (i % 3) {
            case 0 -> List.of("floods " + u, "rivers " + u);
            case 1 -> List.of("floods " + u);
            default -> List.of("rivers " + u, "dams " + u);
          };
      long id =
          publishing.create(
              new ArticleDraft(
                  "en",
                  "",
                  "Story " + i + " " + u,
                  "Standfirst",
                  "Body",
                  i % 4 == 0 ? other : section,
                  tags,
                  List.of(author),
                  null,
                  "",
                  "",
                  null),
              EDITOR);
      publishing.publishBackdated(id, start.plus(i, ChronoUnit.HOURS), EDITOR);
      ids.add(id);
    }
    ZoneId zone = ZoneId.of("UTC");
    for (long id : ids) {
      Article a = articles.get(id);
      List<Long> shared = articles.related(a, 4).stream().map(ArticleSummary::id).toList();
      List<Long> own = repository.related(a, 4, zone).stream().map(ArticleSummary::id).toList();
      assertThat(shared).as("Read more of article %d", id).isEqualTo(own).doesNotContain(id);
      assertThat(shared).hasSize(4);
    }
  }
}

package org.samizdat.revenue.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What experiment tests share: an editor's form, creating one, an article with the appeal, and
 * leaving nothing live for other tests.
 */
abstract class ExperimentTest extends IntegrationTest {

  @Autowired Experiments experiments;
  @Autowired JdbcClient jdbc;
  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;

  static final Actor EDITOR = new Actor(0, "Experiments test");

  @AfterEach
  void stopEverythingLive() {
    // Other tests share this database: leave no experiment running on their pages.
    for (Experiment e : experiments.all()) {
      if (e.isLive()) {
        experiments.stop(e.id());
      }
    }
  }

  Map<String, String> form(String name, String placement, String allocation) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("placement", placement);
    f.put("allocation", allocation);
    f.put("floor", "5");
    f.put("v0.name", "Control");
    f.put("v0.split", "50");
    f.put("v1.name", "Urgent");
    f.put("v1.headingEn", "We are running out of time");
    f.put("v1.headingRu", "У нас мало времени");
    f.put("v1.copyEn", "Every month we need **{goal}**. Give now.");
    f.put("v1.copyRu", "Каждый месяц нам нужно **{goal}**.");
    f.put("v1.buttonEn", "Give now");
    f.put("v1.buttonRu", "Помочь сейчас");
    f.put("v1.frequency", "monthly");
    f.put("v1.suggested", "3, 7, 15");
    f.put("v1.preselected", "2");
    f.put("v1.split", "50");
    return f;
  }

  long create(WebClient editor, Map<String, String> form) {
    editor.open("/newsroom/revenue/experiments");
    Response created = editor.post("/newsroom/revenue/experiments", form);
    assertThat(created.status()).as(created.body()).isEqualTo(302);
    return Long.parseLong(created.location().replaceAll(".*/experiments/(\\d+)$", "$1"));
  }

  String articleWithAppeal(WebClient reader) {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long author = taxonomy.createAuthor("Tester " + u, "tester-" + u, "");
    long section = taxonomy.createSection("exp-" + u, "Experiments " + u, "Опыты " + u, 90);
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Tested story " + u,
                "S",
                "Body",
                section,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    return articles.get(id).path(ZoneId.of("UTC"));
  }
}

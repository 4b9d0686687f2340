package org.samizdat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient.Response;
import org.samizdat.revenue.Funding;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * What the README's run command shows a newcomer: a living demo newsroom, in its own fresh
 * database.
 */
@ContextConfiguration(initializers = DemoContentIT.DemoDatabase.class)
class DemoContentIT extends IntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired Funding funding;

  static class DemoDatabase
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      Map<String, Object> properties = new HashMap<>(OwnDataDirectory.properties("demo-data-"));
      properties.put("samizdat.demo.enabled", "true");
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("demo-it", properties));
    }
  }

  long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  @Test
  void anEmptyDatabaseGetsADemoNewsroomInBothLanguages() {
    assertThat(count("SELECT count(*) FROM article WHERE status = 'PUBLISHED'"))
        .isGreaterThanOrEqualTo(40);
    assertThat(count("SELECT count(*) FROM section")).isEqualTo(4);
    assertThat(count("SELECT count(DISTINCT language) FROM article")).isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM section s WHERE (SELECT count(*) FROM article a WHERE a.section_id = s.id) < 5"))
        .as("every section has articles")
        .isZero();
    assertThat(count("SELECT count(*) FROM article WHERE hero_image_id IS NOT NULL"))
        .isGreaterThan(30);
    assertThat(
            count(
                "SELECT count(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM article_author x WHERE x.article_id = a.id)"))
        .as("every article is signed")
        .isZero();
    assertThat(count("SELECT count(*) FROM article_tag")).isGreaterThan(80);
    assertThat(count("SELECT count(*) FROM article WHERE translation_id IS NOT NULL"))
        .isGreaterThanOrEqualTo(16);
    assertThat(funding.progress().raised().isPositive()).as("the goal shows progress").isTrue();
    // the demo's funnel reads like a real one: every step counted over the same readers
    org.samizdat.revenue.RevenueReports.Funnel funnel = reports.funnel(30);
    assertThat(funnel.completed()).as("gifts through a checkout").isPositive();
    assertThat(funnel.checkout()).isGreaterThanOrEqualTo(funnel.completed());
    assertThat(funnel.continued()).isGreaterThanOrEqualTo(funnel.checkout());
    assertThat(funnel.shown()).isGreaterThan(funnel.continued());

    Response home = client().get("/");
    assertThat(home.html().select(".lead-story h2").text()).isNotEmpty();
    assertThat(home.html().select(".section-row")).hasSizeGreaterThanOrEqualTo(3);
    Response ru = client().get("/ru/");
    assertThat(ru.html().select(".lead-story h2").text()).isNotEmpty();
    String first = home.html().select(".lead-story h2 a").attr("href");
    Response article = client().get(first);
    assertThat(article.status()).isEqualTo(200);
    assertThat(article.html().select(".hero img").attr("srcset")).contains("480w");
  }

  @Test
  void restartingOnTheSameDataAddsNoSecondCopy() throws Exception {
    long articles = count("SELECT count(*) FROM article");
    long gifts = count("SELECT count(*) FROM ledger_entry");
    // the demo runner is idempotent: running it again on a filled database changes nothing
    demo.run(null);
    assertThat(count("SELECT count(*) FROM article")).isEqualTo(articles);
    assertThat(count("SELECT count(*) FROM ledger_entry")).isEqualTo(gifts);
  }

  @Autowired DemoContent demo;
  @Autowired org.samizdat.revenue.RevenueReports reports;
}

package org.samizdat.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.samizdat.SamizdatApplication;
import org.samizdat.ShiftableClock;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.ArticleStatus;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.LiveUpdates;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Revision;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.experiments.Experiments;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Two app nodes in one JVM, each with its own data directory and HTTP port, sharing one PostgreSQL
 * (node A's embedded server; node B connects to it by URL), as the architecture promises: nodes are
 * stateless and whatever they share lives in the database. A page cached on B is dropped when A
 * publishes (LISTEN/NOTIFY), scheduled articles go live once however many nodes try, and a newsroom
 * session made on A works on B.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SlowTest
class TwoNodesIT {

  static final String ADMIN_EMAIL = "two-nodes@samizdat.test";
  static final String ADMIN_PASSWORD = "two nodes share one database";
  static final Actor EDITOR = new Actor(0, "Two nodes test");

  /** Both nodes' clock: the test moves it past a scheduled time instead of waiting for it. */
  static final ShiftableClock CLOCK = new ShiftableClock();

  @TestConfiguration(proxyBeanMethods = false)
  static class Time {
    @Bean
    @Primary
    ShiftableClock twoNodesTestClock() {
      return CLOCK;
    }
  }

  ConfigurableApplicationContext a;
  ConfigurableApplicationContext b;
  String u;
  long author;
  long section;

  @BeforeAll
  void startTwoNodes() throws SQLException {
    a = start("a", Map.of());
    HikariDataSource pool = a.getBean(DataSource.class).unwrap(HikariDataSource.class);
    b =
        start(
            "b",
            Map.of(
                "samizdat.database.url", pool.getJdbcUrl(),
                "samizdat.database.user", pool.getUsername(),
                "samizdat.database.password", pool.getPassword()));
    u = UUID.randomUUID().toString().substring(0, 8);
    Taxonomy taxonomy = a.getBean(Taxonomy.class);
    author = taxonomy.createAuthor("Two Nodes " + u, "two-nodes-" + u, "");
    section = taxonomy.createSection("two-nodes-" + u, "Two nodes " + u, "Два узла " + u, 80);
  }

  @AfterAll
  void stopBothNodes() {
    // B first: A owns the database B uses.
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static ConfigurableApplicationContext start(String name, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.put("samizdat.data-dir", dataDir(name).toString());
    properties.put("samizdat.newsroom.admin-email", ADMIN_EMAIL);
    properties.put("samizdat.newsroom.admin-password", ADMIN_PASSWORD);
    properties.put("samizdat.publishing.schedule-poll", "1h");
    properties.put("samizdat.publishing.schedule-first-poll", "1h");
    properties.put("samizdat.security.max-failures-per-address", "1000");
    properties.put("spring.main.banner-mode", "off");
    properties.putAll(extra);
    // as command-line arguments, so that they win over application.properties
    // (server.port=${PORT:8080})
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(SamizdatApplication.class, Time.class).run(args);
  }

  private static Path dataDir(String name) {
    try {
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      return Files.createTempDirectory(target, "two-nodes-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base(ConfigurableApplicationContext node) {
    return "http://localhost:" + node.getEnvironment().getRequiredProperty("local.server.port");
  }

  private long publishOnA(String headline) {
    Publishing publishing = a.getBean(Publishing.class);
    long id = publishing.create(draft(headline), EDITOR);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  private ArticleDraft draft(String headline) {
    return new ArticleDraft(
        "en",
        "",
        headline,
        "Standfirst",
        "Body of " + headline,
        section,
        List.of("two nodes " + u),
        List.of(author),
        null,
        "",
        "",
        null);
  }

  private String path(long id) {
    return a.getBean(Articles.class).get(id).path(ZoneId.of("UTC"));
  }

  @Test
  void anArticleChangedOnAIsServedNewByBWithinOneSecondAlthoughBHadItCached() {
    long id = publishOnA("Before the change " + u);
    WebClient readerOnB = new WebClient(base(b));
    Response first = readerOnB.get(path(id));
    Response cached = readerOnB.get(path(id));
    assertThat(first.body()).contains("Before the change " + u);
    assertThat(cached.header("X-Page-Cache"))
        .as("B serves the page from its cache")
        .isEqualTo("hit");

    Article article = a.getBean(Articles.class).get(id);
    ArticleDraft changed =
        new ArticleDraft(
            "en",
            article.slug(),
            "After the change " + u,
            "Standfirst",
            "Body of the change",
            section,
            List.of("two nodes " + u),
            List.of(author),
            null,
            "",
            "",
            null);
    a.getBean(Publishing.class).update(id, article.version(), changed, EDITOR);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(readerOnB.get(path(id)).body())
                    .contains("After the change " + u)
                    .doesNotContain("Before the change " + u));
  }

  @Test
  void anArticlePublishedOnAIsFoundBySearchOnBAndGoneOnceWithdrawnOnA() {
    // B's search index takes in A's changes from the same notices as B's page cache
    String word = "nodeword" + u.replaceAll("[^a-z]", "q");
    String search = "/search?q=" + word;
    WebClient readerOnB = new WebClient(base(b));
    assertThat(readerOnB.get(search).html().select(".search-results li")).isEmpty();
    long id = publishOnA("Searched on two nodes " + word);
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(readerOnB.get(search).html().select(".search-results li").text())
                    .contains("Searched on two nodes"));
    a.getBean(Publishing.class).unpublish(id, EDITOR);
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> assertThat(readerOnB.get(search).html().select(".search-results li")).isEmpty());
  }

  @Test
  void anArticleWithdrawnOnALeavesBsSitemapsWithinOneSecondAlthoughBHadWorkedThemOut() {
    long kept = publishOnA("Sitemap kept " + u);
    long gone = publishOnA("Sitemap withdrawn " + u);
    WebClient readerOnB = new WebClient(base(b));
    assertThat(readerOnB.get("/sitemap-articles.xml").body())
        .contains(path(kept))
        .contains(path(gone));
    // B has now worked out its sitemap parts (and keeps them in memory, not only as pages)
    assertThat(readerOnB.get("/sitemap.xml").body()).contains("/sitemap-articles.xml</loc>");
    Instant beforeWithdrawal = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    a.getBean(Publishing.class).unpublish(gone, EDITOR);

    java.util.regex.Pattern part1 =
        java.util.regex.Pattern.compile("/sitemap-articles\\.xml</loc><lastmod>([^<]+)</lastmod>");
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              assertThat(readerOnB.get("/sitemap-articles.xml").body())
                  .contains(path(kept))
                  .doesNotContain(path(gone));
              java.util.regex.Matcher lastmod = part1.matcher(readerOnB.get("/sitemap.xml").body());
              assertThat(lastmod.find()).isTrue();
              assertThat(Instant.parse(lastmod.group(1)))
                  .as("part 1 changed when an article left it")
                  .isAfterOrEqualTo(beforeWithdrawal);
            });
  }

  @Test
  void aLiveUpdatePostedOnAIsOnBsCachedPageAndUpdatesWithinOneSecond() {
    long id = publishOnA("Live on two nodes " + u);
    LiveUpdates live = a.getBean(LiveUpdates.class);
    live.start(id, EDITOR);
    long first = live.addUpdate(id, "First update " + u, null, EDITOR);
    WebClient readerOnB = new WebClient(base(b));
    String updates = "/live/" + id + "/updates?after=" + first;
    readerOnB.get(path(id));
    readerOnB.get(updates);
    assertThat(readerOnB.get(path(id)).header("X-Page-Cache")).isEqualTo("hit");
    assertThat(readerOnB.get(updates).header("X-Page-Cache")).isEqualTo("hit");

    long second = live.addUpdate(id, "Second update " + u, null, EDITOR);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              assertThat(readerOnB.get(path(id)).body()).contains("id=\"update-" + second + "\"");
              assertThat(readerOnB.get(updates).body()).contains("Second update " + u);
            });
  }

  @Test
  void anArticlePublishedOnAAppearsOnBsCachedFrontPageWithinOneSecond() {
    publishOnA("Warm-up story " + u);
    WebClient readerOnB = new WebClient(base(b));
    readerOnB.get("/");
    assertThat(readerOnB.get("/").header("X-Page-Cache"))
        .as("B serves its front page from its cache")
        .isEqualTo("hit");

    String headline = "Breaking on node A " + u;
    publishOnA(headline);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(readerOnB.get("/").body()).contains(headline));
  }

  @Test
  void scheduledArticlesArePublishedOnceWhenBothNodesRunTheSchedulerAtTheSameTime()
      throws Exception {
    // The nodes' own schedulers do not run during this test (schedule-first-poll): only the two
    // calls below race for the due articles.
    Publishing publishingA = a.getBean(Publishing.class);
    Publishing publishingB = b.getBean(Publishing.class);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(publishingA.create(draft("Scheduled " + i + " " + u), EDITOR));
    }
    Instant due = CLOCK.instant().plusMillis(2000);
    for (long id : ids) {
      publishingA.schedule(id, due, EDITOR);
    }
    CLOCK.advance(Duration.ofMillis(2500));
    assertThat(a.getBean(Clock.class).instant()).isAfter(due);
    assertThat(b.getBean(Clock.class).instant()).isAfter(due);

    CyclicBarrier together = new CyclicBarrier(2);
    CompletableFuture<Integer> onA =
        CompletableFuture.supplyAsync(() -> runAtOnce(together, publishingA));
    CompletableFuture<Integer> onB =
        CompletableFuture.supplyAsync(() -> runAtOnce(together, publishingB));
    int published = onA.get() + onB.get();

    assertThat(published)
        .as("articles published by A (%d) and B (%d) together", onA.get(), onB.get())
        .isEqualTo(ids.size());
    Articles articles = b.getBean(Articles.class);
    for (long id : ids) {
      assertThat(articles.get(id).status()).isEqualTo(ArticleStatus.PUBLISHED);
      List<Revision> revisions = articles.revisions(id);
      assertThat(revisions.stream().filter(r -> r.note().equals("Published as scheduled")).count())
          .as("revisions of scheduled article %d", id)
          .isEqualTo(1);
    }
    assertThat(publishingA.publishDue() + publishingB.publishDue())
        .as("nothing left to publish")
        .isZero();
  }

  private static int runAtOnce(CyclicBarrier together, Publishing publishing) {
    try {
      together.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return publishing.publishDue();
  }

  @Test
  void aNewsroomSessionMadeOnAWorksOnB() {
    WebClient staff = new WebClient(base(a));
    staff.login(ADMIN_EMAIL, ADMIN_PASSWORD);

    // The same browser (same cookie jar, the cookie is for localhost) now talks to node B.
    Response onB = staff.get(base(b) + "/newsroom/articles");
    assertThat(onB.status()).as("newsroom on B with A's session").isEqualTo(200);
    assertThat(onB.body()).contains("New article");

    Response stranger = new WebClient(base(b)).get("/newsroom/articles");
    assertThat(stranger.status()).as("newsroom on B without a session").isEqualTo(302);
    assertThat(stranger.location()).contains("/newsroom/login");
  }

  @Test
  void viewsOfAnExperimentsVariantCountedOnBothNodesAtOnceLoseNone() throws Exception {
    Experiments experiments = a.getBean(Experiments.class);
    long id =
        experiments.create(
            new Experiments.Form(
                "Two nodes " + u,
                "support",
                "FIXED",
                "5",
                List.of(
                    new Experiments.VariantForm(
                        "Control", "", "", "", "", "", "", "", "", "", "50"),
                    new Experiments.VariantForm(
                        "Other", "Another heading", "", "", "", "", "", "", "", "", "50"))));
    experiments.start(id);
    try {
      long variant = experiments.get(id).variants().get(1).id();
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String node = base(i % 2 == 0 ? a : b);
        sent.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(node + "/support/experiments/shown"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(String.valueOf(variant)))
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
      }
      for (var f : sent) {
        assertThat(f.get().statusCode()).isEqualTo(204);
      }
      assertThat(experiments.results(id).variants().get(1).shown()).isEqualTo(300);
      assertThat(b.getBean(Experiments.class).results(id).variants().get(1).shown()).isEqualTo(300);
    } finally {
      experiments.stop(id);
    }
  }
}

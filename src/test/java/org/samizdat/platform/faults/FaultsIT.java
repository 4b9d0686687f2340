package org.samizdat.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.ShiftableClock;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.TestModeWebhooks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The database goes away while the app runs, and comes back. The app gets a context, a data
 * directory and a PostgreSQL of its own: the test starts that PostgreSQL itself and hands the app
 * its address as an external server, so it can stop it (a fast shutdown: every connection is cut)
 * and start it again on the same cluster and port, with no app restart.
 *
 * <p>While it is away: a page that was cached is still served, past its freshness (1 s here),
 * marked stale; an uncached reader page is a 503 "temporarily unavailable" page in the site's
 * design; health says DOWN; the newsroom says what is wrong; a webhook gets a 5xx, so the provider
 * retries, and nothing of it is written. When it is back, everything resumes.
 *
 * <p>A request that needs the database while it is away waits for the pool's connection timeout (5
 * s) before it fails, so they are made side by side. (Readers of stored pages wait for that only
 * once every two seconds: see PageCacheFilterTests.)
 */
@ContextConfiguration(initializers = FaultsIT.OwnDatabase.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SlowTest
class FaultsIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "Faults test");

  /** A PostgreSQL the test can stop and start; the app knows it only by its JDBC address. */
  static final class Database {
    static Path cluster;
    static int port;
    static EmbeddedPostgres postgres;

    static synchronized void start() {
      try {
        if (cluster == null) {
          Path dir =
              Files.createTempDirectory(
                  Files.createDirectories(Path.of("target")).toAbsolutePath(), "it-faults-");
          cluster = dir.resolve("postgres");
          port = freePort();
        }
        postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** pg_ctl stop -m fast: open transactions are rolled back and every connection is closed. */
    static synchronized void stop() {
      try {
        postgres.close();
        postgres = null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static synchronized boolean running() {
      return postgres != null;
    }

    static String url() {
      return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }

  /**
   * Starts the database and points the app at it; added first, so it wins over IntegrationTest's
   * data directory.
   */
  static class OwnDatabase
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      if (!Database.running()) {
        Database.start();
      }
      Path appDir = Database.cluster.getParent().resolve("app");
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "faults-it",
                  Map.of(
                      "samizdat.data-dir",
                      appDir.toString(),
                      "samizdat.database.url",
                      Database.url(),
                      "samizdat.database.user",
                      "postgres",
                      "samizdat.cache.fresh",
                      // long enough for the second read to be a hit however slow the machine;
                      // the test moves the clock past it
                      "60s")));
    }
  }

  /**
   * Whatever happened, leave the database running for the context to shut down against (it stops
   * with the JVM).
   */
  @AfterAll
  static void databaseBackUp() {
    REQUESTS.shutdownNow();
    if (!Database.running()) {
      Database.start();
    }
  }

  /** The app's clock: the test moves it past the cached page's freshness instead of waiting. */
  static final ShiftableClock CLOCK = new ShiftableClock();

  @TestConfiguration(proxyBeanMethods = false)
  static class Time {
    @Bean
    @Primary
    ShiftableClock faultsTestClock() {
      return CLOCK;
    }
  }

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired AppSecrets secrets;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  @Test
  void whileTheDatabaseIsAwayReadersGetCachedPagesOrA503AndEverythingResumesWhenItIsBack()
      throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long author = taxonomy.createAuthor("Faults " + u, "faults-" + u, "");
    String cached = path(publish("Read before the outage " + u, author));
    String uncached = path(publish("Never read before the outage " + u, author));
    WebClient reader = client();
    assertThat(reader.get(cached).header("X-Page-Cache")).isEqualTo("miss");
    assertThat(reader.get(cached).header("X-Page-Cache")).isEqualTo("hit");
    WebClient editor = admin();
    assertThat(editor.get("/newsroom/articles").status()).isEqualTo(200);
    TestModeWebhooks webhooks =
        new TestModeWebhooks(secrets, port); // reads the signing key while it can
    String email = "outage-" + u + "@readers.test";
    PaymentEvent gift =
        new PaymentEvent.CheckoutCompleted(
            "evt_outage_" + u,
            Instant.now(),
            null,
            email,
            new Money(2500, Currency.getInstance("EUR")),
            Frequency.ONCE,
            "cus_outage_" + u,
            null,
            "pi_outage_" + u);

    Database.stop();
    try {
      CLOCK.advance(Duration.ofSeconds(61)); // the cached page is past its freshness now
      // and the pool has let go of its connections to the stopped server, as Hikari's check of a
      // connection idle for over 500 ms does (the test no longer waits that long)
      dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();

      CompletableFuture<Response> stale = async(() -> client().get(cached));
      CompletableFuture<Response> missing = async(() -> client().get(uncached));
      CompletableFuture<Response> health = async(() -> client().get("/actuator/health"));
      CompletableFuture<Response> newsroom = async(() -> editor.get("/newsroom/articles"));
      CompletableFuture<Response> login = async(() -> client().get("/newsroom/login"));
      CompletableFuture<HttpResponse<String>> webhook =
          async(
              () -> {
                try {
                  return webhooks.send(gift);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      // (a) a page read before keeps being served, marked stale
      Response a = stale.get();
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.header("X-Page-Cache")).isEqualTo("stale");
      assertThat(a.html().select("h1").text()).isEqualTo("Read before the outage " + u);
      assertThat(a.header("Content-Security-Policy")).contains("frame-ancestors 'none'");

      // (b) a page never read: 503 in the site's design, no stack trace
      Response b = missing.get();
      assertTemporarilyUnavailable("uncached reader page", b);
      assertThat(b.html().select(".masthead").text()).isNotEmpty();

      // (c) health says DOWN
      Response c = health.get();
      assertThat(c.status()).isEqualTo(503);
      assertThat(c.body()).contains("\"status\":\"DOWN\"");

      // (d) the newsroom says what is wrong, signed in or not
      assertTemporarilyUnavailable("newsroom, signed in", newsroom.get());
      assertTemporarilyUnavailable("newsroom sign-in page", login.get());

      // (e) the webhook fails so that the provider retries it
      HttpResponse<String> e = webhook.get();
      assertThat(e.statusCode())
          .as("webhook while the database is away: " + e.body())
          .isBetween(500, 599);

    } finally {
      Database.start();
    }

    // Back, with no app restart: within a bounded wait everything works again.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Response health = client().get("/actuator/health");
              assertThat(health.status()).isEqualTo(200);
              assertThat(health.body()).contains("\"status\":\"UP\"");
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(client().get(uncached).status()).isEqualTo(200));
    assertThat(client().get(uncached).html().select("h1").text())
        .isEqualTo("Never read before the outage " + u);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(client().get(cached).header("X-Page-Cache")).isIn("miss", "hit"));
    String after = path(publish("Published after the outage " + u, author));
    assertThat(client().get(after).status()).isEqualTo(200);
    assertThat(editor.get("/newsroom/articles").status())
        .as("the editor's session outlived the outage")
        .isEqualTo(200);

    // the webhook that failed left nothing behind; the provider's retry records it exactly once
    assertThat(count("SELECT count(*) FROM provider_event WHERE event_id = :id", gift.eventId()))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM ledger_entry WHERE provider_event_id = :id", gift.eventId()))
        .isZero();
    assertThat(webhooks.send(gift).statusCode()).isEqualTo(200);
    assertThat(webhooks.send(gift).statusCode()).as("a second retry is a duplicate").isEqualTo(200);
    assertThat(count("SELECT count(*) FROM provider_event WHERE event_id = :id", gift.eventId()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM ledger_entry WHERE provider_event_id = :id", gift.eventId()))
        .isEqualTo(1);
    // the receipt follows the payment's commit (an event listener): queued once, soon after
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = :id", email))
                    .isEqualTo(1));
  }

  private static void assertTemporarilyUnavailable(String what, Response r) {
    assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(503);
    assertThat(r.header("Content-Type")).as(what).startsWith("text/html");
    assertThat(r.html().select("h1").text()).as(what).isEqualTo("Temporarily unavailable");
    assertThat(r.html().select("main p").text()).as(what).contains("cannot reach its database");
    assertThat(r.body())
        .as(what)
        .doesNotContain("Exception")
        .doesNotContain("at org.")
        .doesNotContain("Whitelabel");
    assertThat(r.header("Cache-Control")).as(what).isEqualTo("no-store");
    assertThat(r.header("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'");
  }

  /**
   * Every request waits out the pool's connection timeout: one thread each, so they wait side by
   * side.
   */
  private static final java.util.concurrent.ExecutorService REQUESTS =
      java.util.concurrent.Executors.newCachedThreadPool();

  private static <T> CompletableFuture<T> async(Supplier<T> request) {
    return CompletableFuture.supplyAsync(request, REQUESTS);
  }

  private long publish(String headline, long author) {
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                headline,
                "Standfirst",
                "Body of " + headline,
                null,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    return id;
  }

  private String path(long id) {
    return articles.get(id).path(ZoneId.of("UTC"));
  }

  private long count(String sql, String id) {
    return jdbc.sql(sql).param("id", id).query(Long.class).single();
  }
}

package org.samizdat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the whole app on a real PostgreSQL (a database of its own on the test run's one embedded
 * server, {@link TestDatabases}), with a data directory of its own, and drives it over HTTP. All
 * subclasses share one context (and one database), so tests make their own data with unique names
 * instead of wiping the database.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "samizdat.newsroom.admin-email=" + IntegrationTest.ADMIN_EMAIL,
      "samizdat.newsroom.admin-password=" + IntegrationTest.ADMIN_PASSWORD,
      "samizdat.publishing.schedule-poll=1h",
      // Every context shares the one test PostgreSQL (400 connections): a small pool each.
      "samizdat.database.pool-size=6",
      // Tests check mirrors when they choose (Mirrors.checkNow), never on a timer in the
      // background.
      "samizdat.reach.mirror-check-initial-delay=1h",
      "samizdat.reach.mirror-check-poll=1h",
      // Newsletter issues go out when a test sends them ("send now", Digests), never on a timer:
      // an issue is sent once a day, and a scheduled one would take today's from the test that
      // sends it (ReaderSubscribesToTheNewsletterBrowserIT).
      "samizdat.reach.newsletter.poll=1h",
      // Test-only: pretend mirrors run on 127.0.0.1 (MirrorsAimedInsideIT checks the rule with it
      // off).
      "samizdat.reach.allow-private-mirrors=true",
      "samizdat.security.max-failures-per-address=1000",
      // every test client is 127.0.0.1 (MailFormLimitsIT checks the real limits)
      "samizdat.limits.mail-forms.per-client-per-minute=100000",
      "samizdat.limits.mail-forms.per-client-per-day=100000",
      "samizdat.limits.mail-forms.per-recipient-per-hour=1000",
      // A sent mail is erased from the outbox; tests read what was queued, so the sender runs
      // only when a test calls OutboxSender.sendDue (or sets a shorter interval of its own).
      "samizdat.mail.send-interval=1h",
      // open live pages ask for new updates every 2 s instead of 30 (LiveCoverageBrowserIT; at
      // 1 s an update failed to reach an open page within 20 s on a busy machine, not understood)
      "samizdat.live.poll-seconds=2",
      // throw-away data: no fsync (the real default, durable, is checked in
      // EmbeddedPostgresServerTests)
      "samizdat.database.embedded-durable=false"
    })
public abstract class IntegrationTest {

  public static final String ADMIN_EMAIL = "admin@samizdat.test";
  public static final String ADMIN_PASSWORD = "correct horse battery staple";
  static final Path DATA_DIR = createDataDir();

  static {
    // By default Awaitility checks first after 100 ms, then every 100 ms: a condition that already
    // holds, or soon does, is now seen at once or within 20 ms (the checks are small queries).
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
  }

  @LocalServerPort protected int port;

  @Autowired private ClusterInvalidation cacheInvalidation;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("samizdat.data-dir", DATA_DIR::toString);
    // a database of its own on the test run's one PostgreSQL server (TestDatabases)
    registry.add("samizdat.database.url", TestDatabases::sharedDatabaseUrl);
    registry.add("samizdat.database.user", TestDatabases::user);
    registry.add("samizdat.database.password", TestDatabases::password);
  }

  /**
   * Returns once this app has heard back the page-cache notices of every change made so far ({@link
   * CacheNotices}): call it between a change and a check of what the caches keep.
   */
  protected void cacheNoticesHeardBack() {
    CacheNotices.heardBack(cacheInvalidation);
  }

  protected WebClient client() {
    return new WebClient("http://localhost:" + port);
  }

  protected WebClient admin() {
    WebClient c = client();
    c.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    return c;
  }

  private static Path createDataDir() {
    try {
      Path target = Path.of("target");
      Files.createDirectories(target);
      return Files.createTempDirectory(target.toAbsolutePath(), "it-data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

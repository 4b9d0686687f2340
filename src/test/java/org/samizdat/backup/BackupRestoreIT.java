package org.samizdat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.samizdat.backup.CommandOutput.run;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samizdat.SamizdatApplication;
import org.samizdat.SlowTest;
import org.samizdat.WebClient;
import org.samizdat.platform.Money;
import org.samizdat.platform.database.EmbeddedPostgresServer;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.TestModeWebhooks;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The promise of a backup, end to end: a site with articles, an image, tags, a translation and a
 * ledger is backed up with the command line, restored into a fresh data directory, and the restored
 * app serves the same pages byte for byte, the same media files and the same ledger. Each app runs
 * in a context of its own, on its own data directory.
 */
@SlowTest
class BackupRestoreIT {

  static final Actor EDITOR = new Actor(0, "Backup test editor");
  static final Pattern LINKS =
      Pattern.compile(
          "(?:href|src)=\"([^\"]+)\"|srcset=\"([^\"]+)\"|<loc>([^<]+)</loc>|<link>([^<]+)</link>");

  static Path root;
  static Path dirA;
  static Path dirB;
  static Path archive;
  static CommandOutput backup;
  static CommandOutput restore;
  static Map<String, WebClient.Response> pagesA;
  static List<String> articlePaths = new ArrayList<>();
  static List<Map<String, Object>> ledgerA;
  static Map<String, String> tablesA;
  static Map<String, String> tablesB;
  static ConfigurableApplicationContext appB;
  static WebClient.Response inAppBackup;
  static WebClient.Response anonymousBackup;

  @BeforeAll
  static void backUpASiteAndRestoreItIntoAFreshDataDirectory() throws Exception {
    root =
        Files.createTempDirectory(
            Files.createDirectories(Path.of("target")).toAbsolutePath(), "it-backup-");
    dirA = root.resolve("data-a");
    dirB = root.resolve("data-b");
    archive = root.resolve("site.zip");

    try (ConfigurableApplicationContext a = start(dirA)) {
      makeContent(a);
      pagesA = crawl(client(a));
      ledgerA = ledger(a.getBean(JdbcClient.class));
      anonymousBackup = client(a).postForm("/newsroom/backup", Map.of(), false);
      WebClient admin = client(a);
      admin.login("admin@backup.test", "correct horse battery staple");
      inAppBackup = admin.post("/newsroom/backup", Map.of());
    }
    tablesA = tables(dirA);

    backup = run("backup", "--out", archive.toString(), "--data-dir", dirA.toString());
    restore = run("restore", "--from", archive.toString(), "--data-dir", dirB.toString());
    tablesB = tables(dirB);
    appB = start(dirB);
  }

  @AfterAll
  static void stop() {
    if (appB != null) {
      appB.close();
    }
  }

  @Test
  void theCommandsSayWhatTheyDidAndExitWithZero() {
    assertThat(backup.code()).as(backup.toString()).isZero();
    assertThat(backup.out())
        .contains("Database (one consistent snapshot):")
        .contains("ledger_entry")
        .contains("Media: ")
        .contains("Backup written to " + archive)
        .contains(Backups.UNENCRYPTED_WARNING);
    String last = backup.lastLine();
    assertThat(last)
        .startsWith("Backup written to " + archive)
        .contains("schema version " + BackupArchiveTests.newestMigrationFile())
        .containsPattern("ledger: [1-9][0-9]* entries")
        .containsPattern("[1-9][0-9]* media files")
        .contains("SHA-256");
    assertThat(restore.code()).as(restore.toString()).isZero();
    assertThat(restore.out())
        .contains("Checked " + archive + ": whole")
        .contains("Creating the schema up to version " + BackupArchiveTests.newestMigrationFile());
    assertThat(restore.lastLine())
        .startsWith("Restored " + archive)
        .contains("schema version " + BackupArchiveTests.newestMigrationFile());
  }

  @Test
  void everyReaderPageIsTheSameByteForByte() {
    assertThat(pagesA.keySet())
        .contains(
            "/",
            "/ru/",
            "/feed.rss",
            "/ru/feed.rss",
            "/sitemap.xml",
            "/sitemap-articles.xml",
            "/sitemap-news.xml",
            "/robots.txt",
            "/section/courts",
            "/tag/courts",
            "/ru/tag/sudy");
    assertThat(pagesA.keySet()).containsAll(articlePaths);
    assertThat(pagesA.keySet()).anyMatch(p -> p.startsWith("/media/"));
    assertThat(pagesA.keySet()).anyMatch(p -> p.startsWith("/author/"));
    WebClient b = client(appB);
    int pages = 0;
    for (Map.Entry<String, WebClient.Response> e : pagesA.entrySet()) {
      WebClient.Response before = e.getValue();
      WebClient.Response after = b.get(e.getKey());
      assertThat(after.status()).as(e.getKey()).isEqualTo(before.status());
      assertThat(after.header("Content-Type"))
          .as(e.getKey())
          .isEqualTo(before.header("Content-Type"));
      assertThat(after.location()).as(e.getKey()).isEqualTo(before.location());
      if (isText(before)) {
        assertThat(after.body()).as(e.getKey()).isEqualTo(before.body());
      }
      assertThat(after.bytes()).as(e.getKey()).isEqualTo(before.bytes());
      pages++;
    }
    assertThat(pages).isGreaterThan(25);
  }

  @Test
  void theLedgerIsTheSameRowForRow() {
    assertThat(ledgerA).hasSizeGreaterThanOrEqualTo(4);
    assertThat(ledger(appB.getBean(JdbcClient.class))).isEqualTo(ledgerA);
  }

  @Test
  void everyTableAndSequenceIsTheSame() {
    assertThat(tablesA)
        .containsKeys(
            "table article",
            "table ledger_entry",
            "table media_image",
            "table article_tag",
            "sequence ledger_entry_id_seq",
            "flyway history");
    assertThat(tablesA.get("table article")).contains("Courts rule on the budget");
    assertThat(tablesB.keySet()).isEqualTo(tablesA.keySet());
    assertSameBut(tablesA, tablesB);
  }

  @Test
  void everyMediaFileIsTheSame() throws IOException {
    Map<String, byte[]> a = files(dirA.resolve("media"));
    Map<String, byte[]> b = files(dirB.resolve("media"));
    assertThat(a).isNotEmpty();
    assertThat(b.keySet()).isEqualTo(a.keySet());
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void aCorruptedBackupIsRefusedWithAClearMessageAndTouchesNothing() throws IOException {
    byte[] bytes = Files.readAllBytes(archive);
    Path dirC = root.resolve("data-c");
    for (int position : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 100}) {
      byte[] copy = bytes.clone();
      copy[position] ^= 0x20;
      Path corrupted = root.resolve("corrupted-" + position + ".zip");
      Files.write(corrupted, copy);
      CommandOutput o =
          run("restore", "--from", corrupted.toString(), "--data-dir", dirC.toString());
      assertThat(o.code()).as(o.toString()).isEqualTo(3);
      assertThat(o.err())
          .contains("restore refused: The backup " + corrupted + " is damaged and was not used")
          .contains("Nothing was changed");
      assertThat(dirC).doesNotExist();
    }
  }

  @Test
  void aDataDirectoryWithContentIsRefusedAndWithForceItIsSavedFirstThenReplaced() throws Exception {
    CommandOutput refused =
        run("restore", "--from", archive.toString(), "--data-dir", dirA.toString());
    assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.err())
        .contains("Not restoring into " + dirA)
        .contains("already holds a Samizdat database")
        .contains("ledger entries")
        .contains("add --force");

    CommandOutput forced =
        run("restore", "--from", archive.toString(), "--data-dir", dirA.toString(), "--force");
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(forced.out()).contains("Saving it first to " + dirA.resolve("backups"));
    try (Stream<Path> saved = Files.list(dirA.resolve("backups"))) {
      List<Path> backups =
          saved.filter(p -> p.getFileName().toString().startsWith("before-restore-")).toList();
      assertThat(backups)
          .singleElement()
          .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("before-restore-"));
      try (ArchiveReader r = ArchiveReader.open(backups.get(0))) {
        assertThat(r.manifest().rows("ledger_entry")).isEqualTo(ledgerA.size());
      }
    }
    Map<String, String> again = tables(dirA);
    assertSameBut(tablesA, again);
  }

  @Test
  void theEmbeddedDatabaseOfARunningAppIsNotBackedUpBehindItsBack() {
    CommandOutput o =
        run(
            "backup",
            "--out",
            root.resolve("while-running.zip").toString(),
            "--data-dir",
            dirB.toString());
    assertThat(o.code()).as(o.toString()).isEqualTo(3);
    assertThat(o.err()).contains("Samizdat is running on " + dirB).contains("Stop the app");
    assertThat(root.resolve("while-running.zip")).doesNotExist();
  }

  @Test
  void anExistingBackupIsNeverOverwrittenWithoutForce() throws IOException {
    byte[] before = Files.readAllBytes(archive);
    CommandOutput o = run("backup", "--out", archive.toString(), "--data-dir", dirA.toString());
    assertThat(o.code()).as(o.toString()).isEqualTo(3);
    assertThat(o.err()).contains("There is already a file at " + archive);
    assertThat(Files.readAllBytes(archive)).isEqualTo(before);
  }

  @Test
  void anAdminCanHaveTheRunningAppWriteABackupIntoTheDataDirectory() throws Exception {
    assertThat(anonymousBackup.status()).as("no session, no CSRF token").isEqualTo(403);
    assertThat(inAppBackup.status()).as(inAppBackup.body()).isEqualTo(200);
    // no public key configured here: the backup is still written, and the answer says it is clear
    assertThat(inAppBackup.body())
        .startsWith(Backups.UNENCRYPTED_WARNING + "\n")
        .contains("\nBackup written to " + dirA.resolve("backups").resolve("samizdat-backup-"));
    String summary = inAppBackup.body().substring(inAppBackup.body().indexOf("Backup written to "));
    Path written =
        Path.of(summary.substring("Backup written to ".length(), summary.indexOf(".zip:") + 4));
    try (ArchiveReader r = ArchiveReader.open(written)) {
      assertThat(r.manifest().rows("ledger_entry")).isEqualTo(ledgerA.size());
      assertThat(r.manifest().media()).hasSize(files(dirA.resolve("media")).size());
      assertThat(r.manifest().source()).contains("embedded database");
    }
  }

  @Test
  void anExternalDatabaseIsBackedUpWhileInUseAndRestoredOnlyWhenNobodyElseIsConnected()
      throws Exception {
    Path dataDir = root.resolve("data-external");
    Path copy = root.resolve("from-external.zip");
    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.start(root.resolve("external-server"))) {
      String url = server.jdbcUrl();
      try (Connection someoneElse = DriverManager.getConnection(url, "postgres", null)) {
        CommandOutput refused =
            runOn(url, "restore", "--from", archive.toString(), "--data-dir", dataDir.toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err())
            .contains("other connection(s) to the PostgreSQL server at")
            .contains("Stop every app node");
        assertThat(someoneElse.isValid(1)).isTrue();
      }
      CommandOutput restored =
          runOn(url, "restore", "--from", archive.toString(), "--data-dir", dataDir.toString());
      assertThat(restored.code()).as(restored.toString()).isZero();

      try (Connection writer = DriverManager.getConnection(url, "postgres", null)) {
        writer.setAutoCommit(false);
        try (Statement s = writer.createStatement()) {
          s.execute(
              "INSERT INTO login_failure (email, address, failed_at) VALUES ('late@example.org', '127.0.0.1', now())");
        }
        CommandOutput backedUp =
            runOn(url, "backup", "--out", copy.toString(), "--data-dir", dataDir.toString());
        assertThat(backedUp.code()).as(backedUp.toString()).isZero();
        assertThat(backedUp.out()).contains("Backing up the PostgreSQL server at");
        writer.rollback();
      }
    }
    try (ArchiveReader original = ArchiveReader.open(archive);
        ArchiveReader again = ArchiveReader.open(copy)) {
      Map<String, String> before = new TreeMap<>();
      Map<String, String> after = new TreeMap<>();
      original
          .manifest()
          .tables()
          .forEach(t -> before.put(t.name(), t.rows() + " rows, " + t.sha256()));
      again
          .manifest()
          .tables()
          .forEach(t -> after.put(t.name(), t.rows() + " rows, " + t.sha256()));
      assertThat(after).isEqualTo(before);
      // the uncommitted row is not in the backup, but the id it took is: sequences never go back,
      // so ids are never reused
      assertThat(again.manifest().sequences())
          .contains(new Manifest.SequenceValue("login_failure_id_seq", 1, true))
          .containsAll(
              original.manifest().sequences().stream()
                  .filter(v -> !v.name().equals("login_failure_id_seq"))
                  .toList());
      assertThat(again.manifest().media()).isEqualTo(original.manifest().media());
    }
  }

  // --- the site -------------------------------------------------------------------------------

  static void makeContent(ConfigurableApplicationContext app) throws Exception {
    Publishing publishing = app.getBean(Publishing.class);
    Taxonomy taxonomy = app.getBean(Taxonomy.class);
    Articles articles = app.getBean(Articles.class);
    MediaLibrary media = app.getBean(MediaLibrary.class);

    long author = taxonomy.createAuthor("Vera Reporter", "vera-reporter", "Covers the courts.");
    long courts = taxonomy.createSection("courts", "Courts", "Суды", 1);
    long money = taxonomy.createSection("money", "Money", "Деньги", 2);
    Image photo = media.store(picture(), "A courthouse at dusk");

    long lead =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Courts rule on the budget",
                "The judges were unanimous.",
                "The **ruling** came late.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                courts,
                List.of("courts", "budget"),
                List.of(author),
                photo.id(),
                "The courthouse",
                "Photo: V. Reporter",
                null),
            EDITOR);
    publishing.publishNow(lead, EDITOR);
    long translation =
        publishing.create(
            new ArticleDraft(
                "ru",
                "",
                "Суд вынес решение по бюджету",
                "Судьи были единогласны.",
                "Решение пришло поздно.",
                courts,
                List.of("суды"),
                List.of(author),
                photo.id(),
                "Здание суда",
                "Фото: В. Репортёр",
                lead),
            EDITOR);
    publishing.publishNow(translation, EDITOR);
    long older =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "What the budget means for you",
                "A guide.",
                "Numbers, explained.",
                money,
                List.of("budget"),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishBackdated(
        older, Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), EDITOR);
    long draft =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "An unfinished draft",
                "",
                "Not yet.",
                money,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    long withdrawn =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "A withdrawn story",
                "",
                "Gone.",
                money,
                List.of("budget"),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishNow(withdrawn, EDITOR);
    publishing.unpublish(withdrawn, EDITOR);
    for (long id : List.of(lead, translation, older)) {
      articlePaths.add(articles.get(id).path(ZoneId.of("UTC")));
    }
    assertThat(draft).isPositive();

    int port = port(app);
    TestModeWebhooks webhooks = new TestModeWebhooks(app.getBean(AppSecrets.class), port);
    Instant t = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
    assertThat(
            webhooks
                .send(
                    new PaymentEvent.CheckoutCompleted(
                        "evt_once",
                        t,
                        null,
                        "once@example.org",
                        Money.of(2500, "USD"),
                        Frequency.ONCE,
                        "cus_once",
                        null,
                        "pi_once"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            webhooks
                .send(
                    new PaymentEvent.CheckoutCompleted(
                        "evt_monthly",
                        t.plusSeconds(10),
                        null,
                        "monthly@example.org",
                        Money.of(500, "EUR"),
                        Frequency.MONTHLY,
                        "cus_monthly",
                        "sub_monthly",
                        null))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            webhooks
                .send(
                    new PaymentEvent.RenewalPaid(
                        "evt_renewal",
                        t.plusSeconds(20),
                        "sub_monthly",
                        "in_1",
                        Money.of(500, "EUR"),
                        "pi_renewal"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            webhooks
                .send(
                    new PaymentEvent.Refunded(
                        "evt_refund", t.plusSeconds(30), "pi_once", Money.of(1000, "USD")))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            webhooks
                .send(
                    new PaymentEvent.RenewalFailed(
                        "evt_failed",
                        t.plusSeconds(40),
                        "sub_monthly",
                        "in_2",
                        Money.of(500, "EUR")))
                .statusCode())
        .isEqualTo(200);
  }

  static byte[] picture() throws IOException {
    BufferedImage img = new BufferedImage(1400, 900, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    for (int x = 0; x < 1400; x += 50) {
      g.setColor(new Color((x * 7) % 255, (x * 3) % 255, 120));
      g.fillRect(x, 0, 50, 900);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  /**
   * Every reader page, feed, sitemap and media file reachable from the home pages, feeds and
   * sitemaps.
   */
  static Map<String, WebClient.Response> crawl(WebClient client) {
    Map<String, WebClient.Response> seen = new TreeMap<>();
    Deque<String> queue =
        new ArrayDeque<>(
            List.of(
                "/",
                "/ru/",
                "/feed.rss",
                "/ru/feed.rss",
                "/feed.atom",
                "/sitemap.xml",
                "/robots.txt",
                "/about",
                "/ru/about",
                "/support",
                "/ru/support"));
    while (!queue.isEmpty() && seen.size() < 400) {
      String path = queue.poll();
      if (seen.containsKey(path)) {
        continue;
      }
      WebClient.Response r = client.get(path);
      seen.put(path, r);
      if (!isText(r)) {
        continue;
      }
      Matcher m = LINKS.matcher(r.body());
      while (m.find()) {
        for (int g = 1; g <= 4; g++) {
          String found = m.group(g);
          if (found == null) {
            continue;
          }
          List<String> candidates =
              g == 2
                  ? Stream.of(found.split(",")).map(s -> s.trim().split("\\s+")[0]).toList()
                  : List.of(found);
          for (String c : candidates) {
            String local = local(c.replace("&amp;", "&"));
            if (local != null && !seen.containsKey(local)) {
              queue.add(local);
            }
          }
        }
      }
    }
    return seen;
  }

  static String local(String url) {
    String path =
        url.startsWith("http://localhost:8080/")
            ? url.substring("http://localhost:8080".length())
            : url;
    int hash = path.indexOf('#');
    if (hash >= 0) {
      path = path.substring(0, hash);
    }
    if (!path.startsWith("/") || path.startsWith("//")) {
      return null;
    }
    for (String skip :
        List.of(
            "/newsroom",
            "/webhooks",
            "/actuator",
            "/search",
            "/support/checkout",
            "/support/testmode",
            "/support/manage",
            "/support/remind",
            "/ru/search",
            "/ru/support/manage",
            "/ru/support/remind")) {
      if (path.startsWith(skip)) {
        return null;
      }
    }
    return path;
  }

  static boolean isText(WebClient.Response r) {
    String type = r.header("Content-Type");
    return type != null
        && (type.startsWith("text/") || type.contains("xml") || type.contains("json"));
  }

  static List<Map<String, Object>> ledger(JdbcClient jdbc) {
    return jdbc.sql("SELECT * FROM ledger_entry ORDER BY id").query().listOfRows().stream()
        .map(row -> (Map<String, Object>) new LinkedHashMap<>(row))
        .toList();
  }

  /**
   * The restored tables hold the same rows, except those never backed up (sessions, failed
   * sign-ins, short-lived links and counters), which come back empty.
   */
  static void assertSameBut(Map<String, String> original, Map<String, String> restored) {
    original.forEach(
        (name, rows) -> {
          boolean leftOut =
              name.startsWith("table ")
                  && DatabaseDump.NOT_BACKED_UP.contains(name.substring("table ".length()));
          assertThat(restored.get(name)).as(name).isEqualTo(leftOut ? "" : rows);
        });
  }

  /**
   * Every row of every table (as PostgreSQL's text of the row, sorted) and every sequence, read
   * straight from the cluster.
   */
  static Map<String, String> tables(Path dataDir) throws Exception {
    Map<String, String> result = new TreeMap<>();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
        Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", null);
        Statement s = c.createStatement()) {
      for (String table : DatabaseDump.tables(c)) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs =
            s.executeQuery("SELECT x::text FROM " + DatabaseDump.ident(table) + " AS x")) {
          while (rs.next()) {
            rows.add(rs.getString(1));
          }
        }
        rows.sort(null);
        result.put("table " + table, String.join("\n", rows));
      }
      for (String seq : DatabaseDump.sequences(c)) {
        try (ResultSet rs =
            s.executeQuery("SELECT last_value, is_called FROM " + DatabaseDump.ident(seq))) {
          rs.next();
          result.put("sequence " + seq, rs.getLong(1) + " " + rs.getBoolean(2));
        }
      }
      List<String> history = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT installed_rank, version, description, type, script, checksum, success"
                  + " FROM flyway_schema_history ORDER BY installed_rank")) {
        while (rs.next()) {
          history.add(
              rs.getString(2)
                  + " "
                  + rs.getString(3)
                  + " "
                  + rs.getString(5)
                  + " "
                  + rs.getString(6)
                  + " "
                  + rs.getBoolean(7));
        }
      }
      result.put("flyway history", String.join("\n", history));
    }
    return result;
  }

  static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  // --- apps and commands ------------------------------------------------------------------------

  static ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(SamizdatApplication.class)
        .run(
            "--samizdat.data-dir=" + dataDir,
            "--server.port=0",
            "--samizdat.newsroom.admin-email=admin@backup.test",
            "--samizdat.newsroom.admin-password=correct horse battery staple",
            "--samizdat.publishing.schedule-poll=1h");
  }

  /** A backup or restore command against the PostgreSQL server at {@code url}, as its superuser. */
  static CommandOutput runOn(String url, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--samizdat.database.url=" + url;
    all[args.length + 1] = "--samizdat.database.user=postgres";
    return run(all);
  }

  static int port(ConfigurableApplicationContext app) {
    return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  static WebClient client(ConfigurableApplicationContext app) {
    return new WebClient("http://localhost:" + port(app));
  }
}

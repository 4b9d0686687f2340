package org.samizdat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.samizdat.platform.database.EmbeddedPostgresServer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * One PostgreSQL server per test JVM, for every test context: the shared one ({@link
 * IntegrationTest}) and every context that needs a database of its own ({@link OwnDataDirectory}).
 * Each context gets {@code CREATE DATABASE ... TEMPLATE} of a database that holds the app's schema
 * and no data, a file copy that takes a fraction of a second, instead of an embedded server
 * (initdb, start-up) and a Flyway run of its own.
 *
 * <p>The server's cluster, with the migrated template in it, is made once per build and schema:
 * {@code target/test-postgres-<hash of the migrations>/}, built by whichever test JVM comes first
 * (the quick and the slow Surefire runs, and parallel forks, each start a copy of it). A changed
 * migration changes the hash and so makes a new one.
 *
 * <p>Contexts connect as the app's own role ({@code samizdat}, no superuser), which owns the
 * schema, exactly as the app does on its embedded server; the template is migrated as that role
 * too.
 */
public final class TestDatabases {

  private static final String TEMPLATE = "samizdat_template";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgresServer server;
  private static String baseUrl;
  private static String superuserCredentials;
  private static String sharedUrl;

  private TestDatabases() {}

  /** The address of a new database with the app's schema and no data, on this JVM's server. */
  public static synchronized String freshDatabaseUrl() {
    start();
    String name = "ctx_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection c = superuser("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " OWNER " + user());
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the test database " + name, e);
    }
    return baseUrl + name;
  }

  /** The database of the context all {@link IntegrationTest}s share, made on first use. */
  public static synchronized String sharedDatabaseUrl() {
    if (sharedUrl == null) {
      sharedUrl = freshDatabaseUrl();
    }
    return sharedUrl;
  }

  /** The role contexts connect as: the app's own, as on its embedded server. */
  public static synchronized String user() {
    start();
    return server.appUser();
  }

  public static synchronized String password() {
    start();
    return server.appPassword();
  }

  private static void start() {
    if (server != null) {
      return;
    }
    try {
      Path target = Files.createDirectories(Path.of("target")).toAbsolutePath();
      Path golden = golden(target);
      Path dir = Files.createTempDirectory(target, "it-postgres-");
      copy(golden, dir);
      server = EmbeddedPostgresServer.start(dir, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedPostgresServer started = server;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
    remember(server);
  }

  private static void remember(EmbeddedPostgresServer s) {
    // jdbc:postgresql://localhost:<port>/postgres?user=postgres&password=<the superuser's>
    String jdbcUrl = s.jdbcUrl();
    baseUrl = jdbcUrl.substring(0, jdbcUrl.indexOf('/', "jdbc:postgresql://".length()) + 1);
    superuserCredentials = jdbcUrl.substring(jdbcUrl.indexOf('?'));
  }

  private static Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(baseUrl + database + superuserCredentials);
  }

  /**
   * The stopped cluster with the migrated template, made now if no earlier test JVM of this build
   * made it for these migrations. A file lock keeps two JVMs from making it at once.
   */
  private static Path golden(Path target) throws IOException {
    Path golden = target.resolve("test-postgres-" + migrationsHash());
    try (FileChannel channel =
            FileChannel.open(
                target.resolve("test-postgres.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.isDirectory(golden)) {
        return golden;
      }
      Path building = Files.createTempDirectory(target, "test-postgres-building-");
      try (EmbeddedPostgresServer s = EmbeddedPostgresServer.start(building, false)) {
        remember(s);
        try (Connection c = superuser("postgres");
            Statement st = c.createStatement()) {
          st.execute("CREATE DATABASE " + TEMPLATE + " OWNER " + s.appUser());
        }
        try (Connection c = superuser(TEMPLATE);
            Statement st = c.createStatement()) {
          st.execute("ALTER SCHEMA public OWNER TO " + s.appUser());
        }
        // The app's own migrations, as its Flyway runs them (spring.flyway.*), as its own role;
        // the app's Flyway then finds every context's copy up to date.
        Flyway.configure()
            .dataSource(baseUrl + TEMPLATE, s.appUser(), s.appPassword())
            .locations("classpath:db/migration")
            .outOfOrder(true)
            .load()
            .migrate();
      } catch (SQLException e) {
        throw new IllegalStateException("Could not make the template database", e);
      }
      Files.deleteIfExists(building.resolve("samizdat.lock"));
      Files.move(building, golden, StandardCopyOption.ATOMIC_MOVE);
      return golden;
    }
  }

  /** A copy of the stopped cluster, permissions kept (PostgreSQL wants its folder private). */
  private static void copy(Path from, Path to) throws IOException {
    List<String> command = new ArrayList<>(List.of("cp", "-a"));
    try (var children = Files.list(from)) {
      children.sorted().forEach(p -> command.add(p.toString()));
    }
    command.add(to.toString());
    try {
      Process cp = new ProcessBuilder(command).inheritIO().start();
      if (!cp.waitFor(60, TimeUnit.SECONDS) || cp.exitValue() != 0) {
        throw new IOException("Could not copy the test cluster " + from + " to " + to);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Names and contents of the migrations: a new or changed one makes a new template. */
  private static String migrationsHash() throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      Resource[] migrations =
          new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**");
      Arrays.sort(migrations, Comparator.comparing(r -> String.valueOf(r.getFilename())));
      for (Resource r : migrations) {
        if (!r.isReadable()) {
          continue;
        }
        digest.update(String.valueOf(r.getFilename()).getBytes(StandardCharsets.UTF_8));
        try (InputStream in = r.getInputStream()) {
          digest.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

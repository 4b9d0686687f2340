package org.samizdat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.samizdat.platform.database.EmbeddedPostgresServer;

/**
 * One PostgreSQL server for every test context that needs a database of its own. The schema is
 * migrated once into a template database; each context then gets {@code CREATE DATABASE ...
 * TEMPLATE}, a file copy that takes a fraction of a second, instead of an embedded server (initdb,
 * start-up) and a Flyway run of its own.
 */
public final class TestDatabases {

  static final String USER = "postgres";
  private static final String TEMPLATE = "samizdat_template";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgresServer server;
  private static String baseUrl;
  private static String credentials;

  private TestDatabases() {}

  /** The address of a new database with the app's schema and no data, on the shared server. */
  public static synchronized String freshDatabaseUrl() {
    start();
    String name = "ctx_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the test database " + name, e);
    }
    return url(name);
  }

  private static void start() {
    if (server != null) {
      return;
    }
    try {
      Path dir =
          Files.createTempDirectory(
              Files.createDirectories(Path.of("target")).toAbsolutePath(), "it-postgres-");
      server = EmbeddedPostgresServer.start(dir, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedPostgresServer started = server;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
    // jdbc:postgresql://localhost:<port>/postgres?user=postgres&password=<the superuser's>
    String jdbcUrl = server.jdbcUrl();
    baseUrl = jdbcUrl.substring(0, jdbcUrl.indexOf('/', "jdbc:postgresql://".length()) + 1);
    credentials = jdbcUrl.substring(jdbcUrl.indexOf('?'));
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + TEMPLATE);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the template database", e);
    }
    // The app's own migrations, as its Flyway runs them (spring.flyway.locations); the app's Flyway
    // then finds every context's copy up to date.
    Flyway.configure()
        .dataSource(url(TEMPLATE), USER, null)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private static String url(String database) {
    return baseUrl + database + credentials;
  }
}

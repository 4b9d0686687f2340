package org.samizdat.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.samizdat.platform.database.EmbeddedPostgresServer;

class EmbeddedPostgresServerTests {

  @Test
  void dataSurvivesARestartAndASecondServerOnTheSameDirectoryIsRefused() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-restart-");
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dir)) {
      try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (v text)");
        s.execute("INSERT INTO kept VALUES ('still here')");
      }
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
          .isInstanceOf(EmbeddedPostgresServer.DataDirectoryInUseException.class)
          .hasMessageContaining("Another Samizdat is already running")
          .hasMessageContaining(dir.toString());
      // the refused start must not have harmed the running server
      try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "postgres", "");
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kept")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dir);
        Connection c = DriverManager.getConnection(again.jdbcUrl(), "postgres", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
    }
  }

  @Test
  void aNewsroomsDatabaseWritesEveryCommitToDisk() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-durable-");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir);
        Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
          rs.next();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  @Test
  void everyConnectionNeedsThePasswordAndTheAppsRoleIsNoSuperuser() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-password-");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
      String url = server.appJdbcUrl();
      for (String user : new String[] {"postgres", server.appUser()}) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, null).close())
            .as(user + " without a password")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, "guessed").close())
            .as(user + " with a wrong password")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("password authentication failed");
      }
      assertThat(Files.getPosixFilePermissions(dir.resolve("database-passwords")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      try (Connection c = DriverManager.getConnection(url, server.appUser(), server.appPassword());
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
          rs.next();
          assertThat(rs.getBoolean(1)).as("the app's role is a superuser").isFalse();
        }
        s.execute("CREATE TABLE made_by_the_app (v text)"); // it owns the schema
        assertThatThrownBy(() -> s.executeQuery("SELECT pg_read_file('postgresql.conf')"))
            .as("a superuser's power")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
      }
    }
  }

  @Test
  void aClusterFromBeforePasswordsIsConvertedOnItsFirstStartAndKeepsItsData() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-legacy-");
    // as earlier versions made it: every local connection trusted, everything owned by postgres
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start();
        Connection c = old.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id bigserial PRIMARY KEY, v text)");
      s.execute("INSERT INTO kept (v) VALUES ('from before')");
    }
    for (int start = 1; start <= 2; start++) {
      try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
        String url = server.appJdbcUrl();
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
            .as("start " + start)
            .isInstanceOf(SQLException.class);
        try (Connection c =
                DriverManager.getConnection(url, server.appUser(), server.appPassword());
            Statement s = c.createStatement()) {
          s.execute("INSERT INTO kept (v) VALUES ('start " + start + "')");
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), (SELECT tableowner FROM pg_tables WHERE tablename = 'kept')"
                      + " FROM kept")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1 + start);
            assertThat(rs.getString(2)).isEqualTo(server.appUser());
          }
        }
      }
    }
  }
}

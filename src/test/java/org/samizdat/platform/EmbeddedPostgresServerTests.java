package org.samizdat.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
}

package org.samizdat.backup;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database half of a backup, done with PostgreSQL's own COPY through the JDBC driver (the
 * embedded server ships no pg_dump). The schema itself is never dumped: a restore rebuilds it with
 * the app's Flyway migrations up to the backup's version, then loads the rows.
 */
final class DatabaseDump {

  static final String HISTORY = "flyway_schema_history";

  private DatabaseDump() {}

  record Snapshot(
      String schemaVersion,
      String createdAt,
      String postgresVersion,
      List<Manifest.TablePart> tables,
      List<Manifest.SequenceValue> sequences) {}

  /**
   * Tables never written to a backup: staff sessions, failed sign-ins, one-time sign-in links,
   * readers' "manage my support" links and sessions, and the mail forms' counters. They matter only
   * for minutes or hours, and in a stolen backup they would be keys or evidence; a restored site
   * simply starts with them empty (staff sign in again).
   */
  static final java.util.Set<String> NOT_BACKED_UP =
      java.util.Set.of(
          "spring_session",
          "spring_session_attributes",
          "login_failure",
          "staff_signin_link",
          "supporter_access",
          "form_limit");

  /**
   * Copies every table in one serializable, read-only snapshot: the rows of all tables are as they
   * were at one instant, even while the app keeps writing.
   */
  /** The rows of this schema's tables as PostgreSQL last counted them, for progress only. */
  private static long estimatedRows(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind = 'r' AND n.nspname = current_schema()")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static Snapshot write(Connection c, ArchiveWriter archive, Consumer<String> progress)
      throws SQLException, IOException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE");
      s.execute("SET LOCAL statement_timeout = 0");
      String createdAt =
          single(
              c, "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
      String postgres = single(c, "SHOW server_version");
      String version =
          schemaVersion(c)
              .orElseThrow(
                  () ->
                      new BackupRefused(
                          "The database has no Samizdat schema (no "
                              + HISTORY
                              + " table): check SAMIZDAT_DATA_DIR or"
                              + " SAMIZDAT_DATABASE_URL, it does not point to a Samizdat database."));
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      RowProgress rows = new RowProgress(estimatedRows(c), progress, RowProgress.INTERVAL);
      List<Manifest.TablePart> tables = new ArrayList<>();
      int n = 0;
      for (String table : tables(c)) {
        if (NOT_BACKED_UP.contains(table)) {
          progress.accept(String.format(Locale.ROOT, "  %-28s left out", table));
          continue;
        }
        List<String> columns = columns(c, table);
        String part =
            String.format(
                Locale.ROOT, "database/%03d-%s.copy", ++n, table.replaceAll("[^A-Za-z0-9_]", "_"));
        String sql = "COPY " + ident(table) + " (" + columnList(columns) + ") TO STDOUT";
        ArchiveWriter.Written w =
            archive.part(part, true, out -> copy.copyOut(sql, rows.counting(out)));
        tables.add(new Manifest.TablePart(table, columns, w.count(), part, w.bytes(), w.sha256()));
        progress.accept(String.format(Locale.ROOT, "  %-28s %,10d rows", table, w.count()));
      }
      List<Manifest.SequenceValue> sequences = new ArrayList<>();
      for (String seq : sequences(c)) {
        try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + ident(seq))) {
          rs.next();
          sequences.add(new Manifest.SequenceValue(seq, rs.getLong(1), rs.getBoolean(2)));
        }
      }
      c.commit();
      return new Snapshot(version, createdAt, postgres, tables, sequences);
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * Loads a backup's rows into a database whose schema is already at the backup's version, in one
   * transaction: all of it, or none. Seed rows the migrations wrote are replaced by the backup's.
   * User triggers stay off while loading (rows go back exactly as they were, nothing fires twice);
   * foreign keys are still checked.
   */
  static void load(Connection c, ArchiveReader archive, Consumer<String> progress)
      throws SQLException, IOException {
    Manifest manifest = archive.manifest();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL statement_timeout = 0");
      List<String> target = tables(c);
      Map<String, Manifest.TablePart> byName = new LinkedHashMap<>();
      for (Manifest.TablePart t : manifest.tables()) {
        if (!target.contains(t.name())) {
          throw new BackupRefused(
              "The backup has a table "
                  + t.name()
                  + " that the schema at version "
                  + manifest.schemaVersion()
                  + " does not have. Nothing was restored.");
        }
        List<String> columns = columns(c, t.name());
        if (!columns.containsAll(t.columns())) {
          List<String> missing = new ArrayList<>(t.columns());
          missing.removeAll(columns);
          throw new BackupRefused(
              "The backup's table "
                  + t.name()
                  + " has columns "
                  + missing
                  + " that the schema at version "
                  + manifest.schemaVersion()
                  + " does not have. Nothing was restored.");
        }
        byName.put(t.name(), t);
      }
      if (!target.isEmpty()) {
        s.execute(
            "TRUNCATE "
                + target.stream().map(DatabaseDump::ident).collect(Collectors.joining(", ")));
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      RowProgress progressOfRows =
          new RowProgress(
              manifest.tables().stream().mapToLong(Manifest.TablePart::rows).sum(),
              progress,
              RowProgress.INTERVAL);
      for (String table : target) {
        Manifest.TablePart t = byName.get(table);
        if (t == null) {
          progress.accept("  " + table + ": not in the backup, left empty");
          continue;
        }
        s.execute("ALTER TABLE " + ident(table) + " DISABLE TRIGGER USER");
        long rows;
        try (InputStream in = progressOfRows.counting(archive.table(t))) {
          rows =
              copy.copyIn(
                  "COPY " + ident(table) + " (" + columnList(t.columns()) + ") FROM STDIN", in);
        }
        s.execute("ALTER TABLE " + ident(table) + " ENABLE TRIGGER USER");
        if (rows != t.rows()) {
          throw new IOException(
              "Table " + table + " loaded " + rows + " rows, the backup says " + t.rows());
        }
        progress.accept(String.format(Locale.ROOT, "  %-28s %,10d rows", table, rows));
      }
      Set<String> sequences = new TreeSet<>(sequences(c));
      try (PreparedStatement setval = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
        for (Manifest.SequenceValue v : manifest.sequences()) {
          if (!sequences.contains(v.name())) {
            progress.accept("  sequence " + v.name() + ": not in this schema, skipped");
            continue;
          }
          setval.setString(1, ident(v.name()));
          setval.setLong(2, v.lastValue());
          setval.setBoolean(3, v.called());
          setval.execute();
        }
      }
      c.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** The last applied migration's version, if this schema has Flyway's history. */
  static Optional<String> schemaVersion(Connection c) throws SQLException {
    if (!tableExists(c, HISTORY)) {
      return Optional.empty();
    }
    MigrationVersion max = null;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM " + HISTORY + " WHERE success AND version IS NOT NULL")) {
      while (rs.next()) {
        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
        if (max == null || v.compareTo(max) > 0) {
          max = v;
        }
      }
    }
    return Optional.ofNullable(max).map(MigrationVersion::getVersion);
  }

  static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            """
        SELECT 1 FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname = ? AND t.relkind IN ('r', 'p')""")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Every table of the current schema but Flyway's history, parents before the tables that refer to
   * them.
   */
  static List<String> tables(Connection c) throws SQLException {
    Set<String> all = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
             SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND NOT t.relispartition""")) {
      while (rs.next()) {
        all.add(rs.getString(1));
      }
    }
    all.remove(HISTORY);
    Map<String, Set<String>> parents = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
             SELECT child.relname, parent.relname FROM pg_constraint k
             JOIN pg_class child ON child.oid = k.conrelid
             JOIN pg_class parent ON parent.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = child.relnamespace
             WHERE k.contype = 'f' AND n.nspname = current_schema()""")) {
      while (rs.next()) {
        String child = rs.getString(1);
        String parent = rs.getString(2);
        if (!child.equals(parent) && all.contains(parent)) {
          parents.computeIfAbsent(child, k -> new TreeSet<>()).add(parent);
        }
      }
    }
    List<String> ordered = new ArrayList<>();
    Set<String> left = new TreeSet<>(all);
    while (!left.isEmpty()) {
      String next =
          left.stream()
              .filter(t -> parents.getOrDefault(t, Set.of()).stream().noneMatch(left::contains))
              .findFirst()
              // a cycle of foreign keys between tables: none today; COPY checks keys per statement,
              // so such tables would need deferrable keys, and the load would say which one failed
              .orElse(left.iterator().next());
      ordered.add(next);
      left.remove(next);
    }
    return ordered;
  }

  /** The columns COPY can write, in table order: generated columns are computed again on load. */
  static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            """
        SELECT a.attname FROM pg_attribute a
        JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attgenerated = ''
        ORDER BY a.attnum""")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  static List<String> sequences(Connection c) throws SQLException {
    List<String> sequences = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
             SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND t.relkind = 'S' ORDER BY t.relname""")) {
      while (rs.next()) {
        sequences.add(rs.getString(1));
      }
    }
    return sequences;
  }

  /** Rows per table, for telling a person what a database holds. */
  static Map<String, Long> rowCounts(Connection c) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Statement s = c.createStatement()) {
      for (String table : tables(c)) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + ident(table))) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String columnList(List<String> columns) {
    return columns.stream().map(DatabaseDump::ident).collect(Collectors.joining(", "));
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

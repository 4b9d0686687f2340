package org.samizdat.platform.database;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's passwords: generated once, kept in {@code <dataDir>/database-passwords}
 * (readable only by the owner), and required of every connection ({@code scram-sha-256} in the
 * cluster's {@code pg_hba.conf}). The app connects as {@value #APP_ROLE}, a role that owns the
 * schema and is no superuser, so a hole in the app cannot read the server's files, run programs or
 * change other roles; the superuser ({@code postgres}) is for the backup and restore commands.
 */
final class DatabasePasswords {

  private static final Logger log = LoggerFactory.getLogger(DatabasePasswords.class);

  static final String APP_ROLE = "samizdat";

  /**
   * pg_trgm: the newsroom's text search over headlines, standfirsts and slugs (V150); btree_gin:
   * reader search's indexes that hold each article's week beside its words (V170).
   */
  static final List<String> EXTENSIONS = List.of("pg_trgm", "btree_gin");

  static final String FILE = "database-passwords";
  private static final String SUPERUSER = "postgres";
  private static final String MARKER = "# samizdat: every connection needs a password";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final String superuser;
  private final String app;

  private DatabasePasswords(String superuser, String app) {
    this.superuser = superuser;
    this.app = app;
  }

  String superuser() {
    return superuser;
  }

  String app() {
    return app;
  }

  /**
   * The passwords kept in the data directory, or null when the cluster has none yet (new, or made
   * by a version from before passwords).
   *
   * @throws IllegalStateException when the cluster asks for passwords and their file is gone
   */
  static DatabasePasswords load(Path dataDir, Path cluster) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      if (required(cluster)) {
        throw new IllegalStateException(
            "The embedded database in "
                + cluster
                + " asks for a password, but the file that holds it, "
                + file
                + ", is missing. Put it back (copy it from where you keep a copy of the data"
                + " directory), or restore a backup into a new data directory.");
      }
      return null;
    }
    ownerOnly(file);
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the database passwords in " + file, e);
    }
    String superuser = p.getProperty(SUPERUSER, "");
    String app = p.getProperty(APP_ROLE, "");
    if (!safe(superuser) || !safe(app)) {
      throw new IllegalStateException(
          "The database password file "
              + file
              + " is damaged (it needs the lines '"
              + SUPERUSER
              + "=...' and '"
              + APP_ROLE
              + "=...'). Put back a good copy.");
    }
    return new DatabasePasswords(superuser, app);
  }

  /** Whether the cluster already refuses connections without a password. */
  static boolean required(Path cluster) {
    Path hba = cluster.resolve("pg_hba.conf");
    try {
      return Files.exists(hba) && Files.readString(hba).contains(MARKER);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + hba, e);
    }
  }

  /**
   * Gives a cluster that still trusts local connections its passwords (new ones, unless {@code
   * known}), the app its role, and then asks a password of every connection from now on.
   */
  static DatabasePasswords require(Path dataDir, Path cluster, int port, DatabasePasswords known) {
    DatabasePasswords passwords = known != null ? known : generate(dataDir);
    try (Connection c =
            DriverManager.getConnection(url(port) + "?user=" + SUPERUSER, SUPERUSER, null);
        Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + passwords.superuser + "'");
      passwords.grant(c);
      Files.writeString(cluster.resolve("pg_hba.conf"), hba(), StandardCharsets.UTF_8);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not set the embedded database's passwords: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + cluster.resolve("pg_hba.conf"), e);
    }
    log.info(
        "The embedded database now asks every connection for a password (kept in {}); the app"
            + " connects as '{}', which owns the schema and is no superuser",
        dataDir.resolve(FILE),
        APP_ROLE);
    return passwords;
  }

  /** Makes sure, as the superuser, that the app's role exists and owns everything in the schema. */
  void grant(int port) {
    try (Connection c = DriverManager.getConnection(url(port), SUPERUSER, superuser)) {
      grant(c);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not prepare the embedded database's role for the app: " + e.getMessage(), e);
    }
  }

  /**
   * Idempotent. What the superuser made (a cluster from before, a restore run by the command) is
   * handed to the app's role: tables (with their sequences), views, other sequences, functions.
   */
  private void grant(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + APP_ROLE
              + "') THEN CREATE ROLE "
              + APP_ROLE
              + "; END IF; END $$");
      s.execute(
          "ALTER ROLE "
              + APP_ROLE
              + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
              + " PASSWORD '"
              + app
              + "'");
      s.execute("ALTER SCHEMA public OWNER TO " + APP_ROLE);
      // Extensions the migrations use: only a superuser (or a database owner) may create them, and
      // the app's role is neither. The migrations say CREATE EXTENSION IF NOT EXISTS too, for an
      // external server whose owner made them, and then find them here.
      for (String extension : EXTENSIONS) {
        s.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " SCHEMA public");
      }
      for (String query :
          List.of(
              "SELECT format('ALTER TABLE public.%I OWNER TO "
                  + APP_ROLE
                  + "', c.relname)"
                  + " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
                  + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                  + " AND c.relowner <> '"
                  + APP_ROLE
                  + "'::regrole",
              // after the tables: a table's own sequences went with it
              "SELECT format('ALTER SEQUENCE public.%I OWNER TO "
                  + APP_ROLE
                  + "', c.relname)"
                  + " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
                  + " AND c.relkind = 'S' AND c.relowner <> '"
                  + APP_ROLE
                  + "'::regrole",
              "SELECT format('ALTER ROUTINE %s OWNER TO "
                  + APP_ROLE
                  + "', p.oid::regprocedure)"
                  + " FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace"
                  // an extension's own functions stay its owner's
                  + " AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
                  + " AND d.objid = p.oid AND d.deptype = 'e')"
                  + " AND p.proowner <> '"
                  + APP_ROLE
                  + "'::regrole",
              "SELECT format('ALTER TYPE %s OWNER TO "
                  + APP_ROLE
                  + "', t.oid::regtype)"
                  + " FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace"
                  + " AND t.typtype = 'e' AND t.typowner <> '"
                  + APP_ROLE
                  + "'::regrole")) {
        List<String> changes = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
          while (rs.next()) {
            changes.add(rs.getString(1));
          }
        }
        for (String change : changes) {
          s.execute(change);
        }
      }
    }
  }

  private static DatabasePasswords generate(Path dataDir) {
    DatabasePasswords passwords = new DatabasePasswords(random(), random());
    Path file = dataDir.resolve(FILE);
    try {
      Path partial;
      try {
        partial =
            Files.createTempFile(
                dataDir, FILE + ".", ".partial", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (UnsupportedOperationException e) {
        partial = Files.createTempFile(dataDir, FILE + ".", ".partial");
      }
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        out.write(
            "# The embedded database's passwords. Keep this file with the data directory, readable\n"
                + "# only by the user the app runs as: without it the database cannot be opened.\n");
        out.write(SUPERUSER + "=" + passwords.superuser + "\n");
        out.write(APP_ROLE + "=" + passwords.app + "\n");
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the database passwords to " + file, e);
    }
    return passwords;
  }

  private static void ownerOnly(Path file) {
    try {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        log.warn("{} could be read by others; it is now readable only by its owner", file);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make " + file + " readable only by its owner", e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Only what {@link #random()} makes: safe inside a SQL literal and a URL. */
  private static boolean safe(String password) {
    return password.length() >= 20 && password.matches("[A-Za-z0-9_-]+");
  }

  private static String url(int port) {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  private static String hba() {
    return MARKER
        + "\n"
        + "# Written by Samizdat: the app and its commands connect with the passwords in the data\n"
        + "# directory's database-passwords file.\n"
        + "local   all          all                   scram-sha-256\n"
        + "host    all          all    127.0.0.1/32   scram-sha-256\n"
        + "host    all          all    ::1/128        scram-sha-256\n"
        + "local   replication  all                   scram-sha-256\n"
        + "host    replication  all    127.0.0.1/32   scram-sha-256\n"
        + "host    replication  all    ::1/128        scram-sha-256\n";
  }
}

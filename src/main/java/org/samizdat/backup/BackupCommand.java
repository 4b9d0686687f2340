package org.samizdat.backup;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.samizdat.platform.database.EmbeddedPostgresServer;

/**
 * {@code backup --out FILE}: the database and the media files in one archive. Against an external
 * database it can run at any time (one consistent snapshot); the embedded database belongs to the
 * app running on the data directory, so then the app must be stopped.
 */
final class BackupCommand implements Command {

  @Override
  public String name() {
    return "backup";
  }

  @Override
  public String usage() {
    return "backup --out FILE|FOLDER [--force] [--data-dir DIR]   database and media in one archive"
        + " (--force replaces an existing FILE)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandEnvironment.Arguments a =
        CommandEnvironment.Arguments.parse(args, Set.of("out"), Set.of("force"));
    Path file = Path.of(a.required("out")).toAbsolutePath().normalize();
    if (Files.isDirectory(file)) {
      file = file.resolve(Backups.defaultFileName(Clock.systemUTC()));
    }
    try (CommandEnvironment env = CommandEnvironment.load(a.spring())) {
      if (env.backupPublicKey() != null && file.getFileName().toString().endsWith(".zip")) {
        file = file.resolveSibling(file.getFileName() + ".pgp");
      }
      Path dataDir = env.dataDir();
      var external = env.externalDatabase();
      if (external.isPresent()) {
        var db = external.get();
        String source = "the PostgreSQL server at " + db.safeUrl();
        out.println(
            "Backing up "
                + source
                + " and the media in "
                + dataDir.resolve("media")
                + " to "
                + file);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
          out.println(
              Backups.create(
                      c,
                      dataDir,
                      file,
                      a.flag("force"),
                      source,
                      env.backupPublicKey(),
                      out::println)
                  .summary());
        }
        return Commands.OK;
      }
      if (!Files.isRegularFile(dataDir.resolve("postgres").resolve("PG_VERSION"))) {
        throw new BackupRefused(
            "There is no Samizdat database in "
                + dataDir
                + " (no postgres folder). Point"
                + " SAMIZDAT_DATA_DIR (or --data-dir) at the app's data directory, or set SAMIZDAT_DATABASE_URL"
                + " for an external database.");
      }
      EmbeddedPostgresServer server;
      try {
        server = EmbeddedPostgresServer.start(dataDir);
      } catch (EmbeddedPostgresServer.DataDirectoryInUseException e) {
        throw new BackupRefused(
            "Samizdat is running on "
                + dataDir
                + ", and its embedded database can only be"
                + " read by that app. Stop the app and run the backup again, or let the running app write one"
                + " (Newsroom, as an admin: POST /newsroom/backup). With an external database"
                + " (SAMIZDAT_DATABASE_URL) backups run at any time.");
      }
      try (server;
          Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", null)) {
        String source = "the embedded database in " + dataDir.resolve("postgres");
        out.println(
            "Backing up "
                + source
                + " and the media in "
                + dataDir.resolve("media")
                + " to "
                + file);
        out.println(
            Backups.create(
                    c, dataDir, file, a.flag("force"), source, env.backupPublicKey(), out::println)
                .summary());
      }
      return Commands.OK;
    }
  }
}

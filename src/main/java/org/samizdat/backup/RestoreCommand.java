package org.samizdat.backup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.samizdat.platform.database.EmbeddedPostgresServer;

/**
 * {@code restore --from FILE}: puts a backup's database and media into the configured data
 * directory and database, which must be empty unless {@code --force} is given.
 */
final class RestoreCommand implements Command {

  @Override
  public String name() {
    return "restore";
  }

  @Override
  public String usage() {
    return "restore --from FILE [--force] [--data-dir DIR]         into an empty data directory and database"
        + " (--force replaces what is there, after saving it in DIR/backups)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandEnvironment.Arguments a =
        CommandEnvironment.Arguments.parse(args, Set.of("from"), Set.of("force"));
    Path file = Path.of(a.required("from")).toAbsolutePath().normalize();
    try (CommandEnvironment env = CommandEnvironment.load(a.spring())) {
      Path dataDir = env.dataDir();
      var external = env.externalDatabase();
      Restores.Options options =
          new Restores.Options(a.flag("force"), env.flywayLocations(), Clock.systemUTC());
      out.println(
          "Restoring "
              + file
              + " into "
              + dataDir
              + external.map(db -> " and the PostgreSQL server at " + db.safeUrl()).orElse(""));
      Restores.Result result =
          Restores.restore(
              file,
              dataDir,
              () -> external.isPresent() ? externalTarget(external.get()) : embeddedTarget(dataDir),
              options,
              out::println);
      out.println(result.summary());
      return Commands.OK;
    }
  }

  private static Restores.Target externalTarget(CommandEnvironment.ExternalDatabase db) {
    return new Restores.Target() {
      @Override
      public String url() {
        return db.url();
      }

      @Override
      public String user() {
        return db.user();
      }

      @Override
      public String password() {
        return db.password();
      }

      @Override
      public String description() {
        return "the PostgreSQL server at " + db.safeUrl();
      }
    };
  }

  private static Restores.Target embeddedTarget(Path dataDir) {
    EmbeddedPostgresServer server;
    try {
      server = EmbeddedPostgresServer.start(dataDir);
    } catch (EmbeddedPostgresServer.DataDirectoryInUseException e) {
      throw new BackupRefused(
          "Samizdat is running on " + dataDir + ". Stop it before restoring into it.");
    }
    return new Restores.Target() {
      @Override
      public String url() {
        return server.jdbcUrl();
      }

      @Override
      public String user() {
        return "postgres";
      }

      @Override
      public String password() {
        return null;
      }

      @Override
      public String description() {
        return "the embedded database in " + dataDir.resolve("postgres");
      }

      @Override
      public boolean exclusive() {
        return true;
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}

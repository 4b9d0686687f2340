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
    return "restore --from FILE [--key PRIVATE-KEY] [--force] [--data-dir DIR]   into an empty data"
        + " directory and database (--force replaces what is there, after saving it in DIR/backups;"
        + " --key decrypts an encrypted backup, its passphrase from SAMIZDAT_BACKUP_KEY_PASSPHRASE or"
        + " asked)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandEnvironment.Arguments a =
        CommandEnvironment.Arguments.parse(args, Set.of("from", "key"), Set.of("force"));
    Path given = Path.of(a.required("from")).toAbsolutePath().normalize();
    Path clear = null;
    try (CommandEnvironment env = CommandEnvironment.load(a.spring())) {
      Path file = given;
      if (java.nio.file.Files.isRegularFile(given) && BackupEncryption.isEncrypted(given)) {
        Path key =
            a.value("key")
                .map(k -> Path.of(k).toAbsolutePath().normalize())
                .orElseThrow(
                    () ->
                        new BackupRefused(
                            given
                                + " is encrypted. Give the private key it was encrypted to: restore"
                                + " --from "
                                + given
                                + " --key private-key.asc"));
        clear = privateTemp().resolve("backup.zip");
        out.println("Decrypting " + given + " with " + key);
        BackupEncryption.decrypt(given, clear, key, passphrase(env));
        file = clear;
      }
      Path dataDir = env.dataDir();
      var external = env.externalDatabase();
      Restores.Options options =
          new Restores.Options(
              a.flag("force"), env.flywayLocations(), Clock.systemUTC(), env.backupPublicKey());
      out.println(
          "Restoring "
              + given
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
      // named as the reader gave it, not as the decrypted copy that is already gone
      out.println(result.summary().replace(file.toString(), given.toString()));
      return Commands.OK;
    } finally {
      if (clear != null) {
        java.nio.file.Files.deleteIfExists(clear);
        java.nio.file.Files.deleteIfExists(clear.getParent());
      }
    }
  }

  /** A folder only this user can read, for the decrypted copy while it is restored. */
  private static Path privateTemp() throws java.io.IOException {
    try {
      return java.nio.file.Files.createTempDirectory(
          "samizdat-restore-",
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return java.nio.file.Files.createTempDirectory("samizdat-restore-");
    }
  }

  private static char[] passphrase(CommandEnvironment env) {
    String configured = System.getenv("SAMIZDAT_BACKUP_KEY_PASSPHRASE");
    if (configured == null) {
      configured = env.backupKeyPassphrase();
    }
    if (configured != null) {
      return configured.toCharArray();
    }
    java.io.Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Passphrase of the private key (empty for none): ");
      return typed == null ? new char[0] : typed;
    }
    return new char[0];
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

package org.samizdat.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Restores a backup into a data directory and its database. Everything that can be checked is
 * checked before anything is changed: the archive's checksums, its schema version, and that the
 * target is empty (or that {@code force} was given, and then the target's current content is first
 * saved as a backup of its own).
 */
public final class Restores {

  private Restores() {}

  /** Where the rows go. Closing it stops an embedded server the restore started. */
  public interface Target extends AutoCloseable {
    String url();

    String user();

    String password();

    /** For messages: "the embedded database in …" or the server's address. */
    String description();

    /**
     * True when nothing else can be connected (the embedded server, whose data directory this
     * process has locked).
     */
    default boolean exclusive() {
      return false;
    }

    @Override
    default void close() {}

    default Connection connect() throws SQLException {
      return DriverManager.getConnection(url(), user(), password());
    }
  }

  /**
   * @param force replace a target that has content (after saving it) and restore even while other
   *     connections to the database are open
   * @param flywayLocations where the migrations are, as spring.flyway.locations
   * @param publicKey the OpenPGP key the saved copy of what was there is encrypted to, or null
   */
  public record Options(boolean force, String flywayLocations, Clock clock, Path publicKey) {
    public Options(boolean force, String flywayLocations, Clock clock) {
      this(force, flywayLocations, clock, null);
    }
  }

  public record Result(Path archive, Manifest manifest, String schemaVersionNow, Path savedBefore) {
    public String summary() {
      return String.format(
          java.util.Locale.ROOT,
          "Restored %s: taken %s, schema version %s%s, %d tables with %,d rows (ledger: %,d entries), %,d media files (%s)%s",
          archive,
          manifest.createdAt(),
          manifest.schemaVersion(),
          schemaVersionNow.equals(manifest.schemaVersion())
              ? ""
              : " (now migrated to " + schemaVersionNow + ")",
          manifest.tables().size(),
          manifest.totalRows(),
          manifest.rows("ledger_entry"),
          manifest.media().size(),
          Backups.size(manifest.mediaBytes()),
          savedBefore == null ? "" : "; what was there before is saved in " + savedBefore);
    }
  }

  public static Result restore(
      Path archive,
      Path dataDir,
      Supplier<Target> targets,
      Options options,
      Consumer<String> progress) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      Manifest m = reader.manifest();
      progress.accept(
          String.format(
              java.util.Locale.ROOT,
              "Checked %s: whole (SHA-256 %s); taken %s by Samizdat %s, schema version %s, %d tables, %,d rows, %,d media files",
              archive,
              reader.sha256(),
              m.createdAt(),
              m.appVersion(),
              m.schemaVersion(),
              m.tables().size(),
              m.totalRows(),
              m.media().size()));
      ClassLoader loader = Restores.class.getClassLoader();
      MigrationVersion known = SchemaVersions.latest(options.flywayLocations(), loader);
      if (MigrationVersion.fromVersion(m.schemaVersion()).compareTo(known) > 0) {
        throw new BackupRefused(
            "The backup is from schema version "
                + m.schemaVersion()
                + ", newer than this version of"
                + " Samizdat knows ("
                + known.getVersion()
                + "; app "
                + Backups.appVersion()
                + "). Nothing was changed."
                + " Restore it with the version of Samizdat that made it, or a later one.");
      }
      try (Target target = targets.get()) {
        return restoreInto(reader, archive, dir, target, options, known, progress);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("The restore failed in the database: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("The restore failed: " + e.getMessage(), e);
    }
  }

  private static Result restoreInto(
      ArchiveReader reader,
      Path archive,
      Path dir,
      Target target,
      Options options,
      MigrationVersion known,
      Consumer<String> progress)
      throws SQLException, IOException {
    Manifest m = reader.manifest();
    Path media = dir.resolve("media");
    Path savedBefore = null;
    try (Connection c = target.connect()) {
      long others = target.exclusive() ? 0 : otherConnections(c);
      if (others > 0 && !options.force()) {
        throw new BackupRefused(
            others
                + " other connection(s) to "
                + target.description()
                + " are open: is Samizdat"
                + " still running on it? Stop every app node before restoring (or add --force if they are not Samizdat).");
      }
      boolean samizdat = DatabaseDump.tableExists(c, DatabaseDump.HISTORY);
      List<String> tables = DatabaseDump.tables(c);
      long mediaFiles = countFiles(media);
      boolean hasContent = samizdat || !tables.isEmpty() || mediaFiles > 0;
      if (hasContent) {
        String what = describe(c, samizdat, tables, mediaFiles, media, target);
        if (!options.force()) {
          throw new BackupRefused(
              "Not restoring into "
                  + dir
                  + ": "
                  + what
                  + ". Restore into an empty data directory"
                  + " (and an empty database), or add --force to replace what is there; it is saved as a backup first.");
        }
        if (!samizdat && !tables.isEmpty()) {
          throw new BackupRefused(
              "Not restoring into "
                  + target.description()
                  + ": it holds tables ("
                  + tables
                  + ") but no Samizdat schema, so it is not Samizdat's to replace. Use an empty database.");
        }
        progress.accept("Replacing what is there (--force): " + what);
        if (samizdat) {
          Path saved =
              dir.resolve("backups")
                  .resolve(
                      "before-restore-"
                          + Backups.STAMP.format(options.clock().instant())
                          + (options.publicKey() == null ? ".zip" : ".zip.pgp"));
          progress.accept("Saving it first to " + saved + ":");
          Backups.Result before =
              Backups.create(
                  c, dir, saved, false, target.description(), options.publicKey(), progress);
          progress.accept(before.summary());
          savedBefore = before.file();
          deleteContents(media);
        } else {
          Path aside =
              dir.resolve(
                  "media-before-restore-" + Backups.STAMP.format(options.clock().instant()));
          Files.move(media, aside);
          progress.accept("Moved the media files that were there to " + aside);
          savedBefore = aside;
        }
        if (samizdat || !tables.isEmpty()) {
          progress.accept("Emptying " + target.description());
          flyway(target, options).cleanDisabled(false).load().clean();
        }
      }
      boolean done = false;
      try {
        progress.accept(
            "Creating the schema up to version "
                + m.schemaVersion()
                + " in "
                + target.description());
        flyway(target, options)
            .target(MigrationVersion.fromVersion(m.schemaVersion()))
            .load()
            .migrate();
        progress.accept(
            String.format(
                java.util.Locale.ROOT, "Media: %,d files to %s", m.media().size(), media));
        writeMedia(reader, media);
        progress.accept("Database (one transaction):");
        DatabaseDump.load(c, reader, progress);
        String now = m.schemaVersion();
        if (MigrationVersion.fromVersion(m.schemaVersion()).compareTo(known) < 0) {
          progress.accept(
              "Migrating the schema from version "
                  + m.schemaVersion()
                  + " to "
                  + known.getVersion());
          flyway(target, options).load().migrate();
          now = known.getVersion();
        }
        done = true;
        return new Result(archive, m, now, savedBefore);
      } finally {
        if (!done) {
          progress.accept(
              "The restore failed: emptying the target again so that it can be retried"
                  + (savedBefore == null ? "" : "; what was there before is in " + savedBefore));
          try {
            flyway(target, options).cleanDisabled(false).load().clean();
            deleteContents(media);
          } catch (RuntimeException | IOException e) {
            progress.accept("Could not empty the target: " + e.getMessage());
          }
        }
      }
    }
  }

  private static FluentConfiguration flyway(Target target, Options options) {
    return Flyway.configure(Restores.class.getClassLoader())
        .dataSource(target.url(), target.user(), target.password())
        .locations(options.flywayLocations().split(","));
  }

  private static void writeMedia(ArchiveReader reader, Path media) throws IOException {
    Files.createDirectories(media);
    for (Manifest.FilePart f : reader.manifest().media()) {
      Path file = media.resolve(f.path()).normalize();
      if (!file.startsWith(media)) {
        throw new IOException("media path outside the media folder: " + f.path());
      }
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (InputStream in = reader.media(f)) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Other sessions on the database; a connection closed a moment ago may linger briefly, so look a
   * few times.
   */
  private static long otherConnections(Connection c) throws SQLException {
    long fewest = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5 && fewest > 0; attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  """
               SELECT count(*) FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
        rs.next();
        fewest = Math.min(fewest, rs.getLong(1));
      }
    }
    return fewest;
  }

  private static String describe(
      Connection c,
      boolean samizdat,
      List<String> tables,
      long mediaFiles,
      Path media,
      Target target)
      throws SQLException {
    List<String> parts = new ArrayList<>();
    if (samizdat) {
      Map<String, Long> rows = DatabaseDump.rowCounts(c);
      parts.add(
          String.format(
              java.util.Locale.ROOT,
              "%s already holds a Samizdat database (schema version %s; %,d articles, %,d ledger entries, %,d rows in all)",
              target.description(),
              DatabaseDump.schemaVersion(c).orElse("none"),
              rows.getOrDefault("article", 0L),
              rows.getOrDefault("ledger_entry", 0L),
              rows.values().stream().mapToLong(Long::longValue).sum()));
    } else if (!tables.isEmpty()) {
      parts.add(target.description() + " holds " + tables.size() + " tables");
    }
    if (mediaFiles > 0) {
      parts.add(String.format(java.util.Locale.ROOT, "%s holds %,d files", media, mediaFiles));
    }
    return String.join(", and ", parts);
  }

  private static long countFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}

package org.samizdat.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a backup of the database and the media files into one archive, and checks it before
 * calling it done.
 */
public final class Backups {

  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Backups() {}

  /** A written and verified backup. */
  public record Result(Path file, long bytes, String sha256, Manifest manifest, boolean encrypted) {
    /** One line for a person: where, how big, what is in it; and a warning if not encrypted. */
    public String summary() {
      return (encrypted ? "" : UNENCRYPTED_WARNING + "\n")
          + String.format(
              Locale.ROOT,
              "Backup written to %s: %s, schema version %s, %d tables with %,d rows (ledger: %,d entries),"
                  + " %,d media files (%s), SHA-256 %s",
              file,
              size(bytes),
              manifest.schemaVersion(),
              manifest.tables().size(),
              manifest.totalRows(),
              manifest.rows("ledger_entry"),
              manifest.media().size(),
              size(manifest.mediaBytes()),
              sha256);
    }
  }

  /** A file name for a backup written now, for when only a folder is given. */
  public static String defaultFileName(Clock clock) {
    return "samizdat-backup-" + STAMP.format(clock.instant()) + ".zip";
  }

  /**
   * Backs up the database behind {@code c} and {@code <dataDir>/media} into {@code out}. The
   * archive is written beside {@code out} under a temporary name, read back and checked, and only
   * then moved into place: {@code out} is never a half-written backup.
   *
   * @param overwrite whether an existing file at {@code out} may be replaced
   * @param source where the database is, for the manifest
   */
  public static Result create(
      Connection c,
      Path dataDir,
      Path out,
      boolean overwrite,
      String source,
      Consumer<String> progress) {
    return create(c, dataDir, out, overwrite, source, null, progress);
  }

  /** What is said when a backup is written without a key to encrypt it to. */
  public static final String UNENCRYPTED_WARNING =
      "WARNING: this backup is NOT encrypted: it holds supporters' addresses and staff accounts in"
          + " the clear. Set SAMIZDAT_BACKUP_PUBLIC_KEY to an OpenPGP public key file (gpg --armor"
          + " --export) and keep the private key off this server.";

  /**
   * As {@link #create(Connection, Path, Path, boolean, String, Consumer)}, encrypted to an OpenPGP
   * public key when {@code publicKey} is given: the archive is written and checked under a
   * temporary name (readable only by its owner), encrypted into place, and the clear copy is
   * overwritten and deleted.
   *
   * @param publicKey an armored OpenPGP public key file, or null to write a clear (warned) backup
   */
  public static Result create(
      Connection c,
      Path dataDir,
      Path out,
      boolean overwrite,
      String source,
      Path publicKey,
      Consumer<String> progress) {
    Path target = out.toAbsolutePath().normalize();
    org.bouncycastle.openpgp.PGPPublicKey key =
        publicKey == null ? null : BackupEncryption.publicKey(publicKey);
    if (key == null) {
      progress.accept(UNENCRYPTED_WARNING);
    }
    if (Files.exists(target) && !overwrite) {
      throw new BackupRefused(
          "There is already a file at "
              + target
              + ". Choose another name, or add --force to replace it.");
    }
    Path partial = null;
    try {
      Files.createDirectories(target.getParent());
      partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".partial");
      Manifest manifest;
      String digest;
      try (ArchiveWriter archive = new ArchiveWriter(partial)) {
        progress.accept("Database (one consistent snapshot):");
        DatabaseDump.Snapshot snapshot = DatabaseDump.write(c, archive, progress);
        List<Manifest.FilePart> media = writeMedia(dataDir.resolve("media"), archive, progress);
        manifest =
            new Manifest(
                Manifest.FORMAT,
                Manifest.FORMAT_VERSION,
                appVersion(),
                snapshot.schemaVersion(),
                snapshot.createdAt(),
                snapshot.postgresVersion(),
                source,
                snapshot.tables(),
                snapshot.sequences(),
                media);
        digest = archive.finish(manifest);
      }
      try (ArchiveReader check = ArchiveReader.open(partial)) {
        if (!check.sha256().equals(digest)) {
          throw new IOException("the backup read back differs from what was written");
        }
      } catch (BackupRefused e) {
        throw new IOException("the backup did not read back whole: " + e.getMessage(), e);
      }
      if (Files.exists(target) && !overwrite) {
        throw new BackupRefused(
            "A file appeared at "
                + target
                + " while the backup was written. The backup was not"
                + " moved over it; choose another name.");
      }
      if (key != null) {
        Path encrypted =
            Files.createTempFile(target.getParent(), target.getFileName() + ".", ".pgp.partial");
        try {
          BackupEncryption.encrypt(partial, encrypted, key);
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(encrypted);
          throw e;
        }
        wipe(partial);
        partial = encrypted;
        progress.accept(
            "Encrypted to OpenPGP key "
                + String.format("%016X", key.getKeyID())
                + " from "
                + publicKey
                + "; restore with --key <its private key>");
      }
      long bytes = Files.size(partial);
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      partial = null;
      return new Result(target, bytes, digest, manifest, key != null);
    } catch (IOException e) {
      throw new UncheckedIOException("The backup to " + target + " failed: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The backup to " + target + " failed in the database: " + e.getMessage(), e);
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // a leftover .partial file is clearly named and harmless
        }
      }
    }
  }

  /**
   * Every media file, by relative path. Files are written before their database rows, so each image
   * in the snapshot has its files here; a file added since is merely extra.
   */
  private static List<Manifest.FilePart> writeMedia(
      Path media, ArchiveWriter archive, Consumer<String> progress) throws IOException {
    List<Manifest.FilePart> parts = new ArrayList<>();
    if (!Files.isDirectory(media)) {
      progress.accept("Media: no media folder at " + media);
      return parts;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(media)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long bytes = 0;
    for (Path file : files) {
      String relative =
          media.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      if (relative.endsWith(".tmp")) {
        continue; // an upload being written right now; its database row does not exist yet
      }
      if (!ArchiveReader.safeRelativePath(relative)) {
        progress.accept("  skipped " + relative + ": not a media file name Samizdat writes");
        continue;
      }
      try {
        Manifest.FilePart part = new Manifest.FilePart(relative, 0, null);
        ArchiveWriter.Written w = archive.file(part.part(), file);
        parts.add(new Manifest.FilePart(relative, w.bytes(), w.sha256()));
        bytes += w.bytes();
      } catch (java.nio.file.NoSuchFileException e) {
        progress.accept("  skipped " + relative + ": removed while the backup ran");
      }
    }
    progress.accept(String.format(Locale.ROOT, "Media: %,d files, %s", parts.size(), size(bytes)));
    return parts;
  }

  /** Overwrites a clear copy before deleting it, so its bytes are not left on the disk. */
  private static void wipe(Path file) throws IOException {
    long size = Files.size(file);
    try (var channel =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 16);
      for (long written = 0; written < size; ) {
        zeros.clear();
        zeros.limit((int) Math.min(zeros.capacity(), size - written));
        written += channel.write(zeros, written);
      }
      channel.force(true);
    }
    Files.delete(file);
  }

  static String appVersion() {
    String v = Backups.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
  }
}

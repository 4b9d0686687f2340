package org.samizdat.backup;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens a backup only when it is whole: the checksum at its end matches every byte before it, the
 * manifest is readable, and every part has the size and SHA-256 the manifest gives. Parts read
 * later for a restore are checked again as they stream, in case the file changed since.
 */
final class ArchiveReader implements Closeable {

  private static final Pattern TABLE_PART = Pattern.compile("^database/[A-Za-z0-9_.-]+\\.copy$");
  private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]*$");

  private final Path file;
  private final ZipFile zip;
  private final Manifest manifest;
  private final String sha256;

  private ArchiveReader(Path file, ZipFile zip, Manifest manifest, String sha256) {
    this.file = file;
    this.zip = zip;
    this.manifest = manifest;
    this.sha256 = sha256;
  }

  /**
   * Checks the whole archive; throws {@link BackupRefused.Damaged} with the reason when anything is
   * off.
   */
  static ArchiveReader open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BackupRefused("There is no backup file at " + file.toAbsolutePath() + ".");
    }
    String digest = checkTrailer(file);
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw damaged(file, "it cannot be opened as a zip (" + e.getMessage() + ")", e);
    }
    try {
      ZipEntry manifestEntry = zip.getEntry(Manifest.ENTRY);
      if (manifestEntry == null) {
        throw damaged(file, "it has no " + Manifest.ENTRY, null);
      }
      Manifest manifest;
      try (InputStream in = zip.getInputStream(manifestEntry)) {
        manifest = Manifest.fromJson(in.readAllBytes());
      } catch (BackupRefused.Damaged e) {
        throw damaged(file, e.getMessage(), e);
      }
      if (manifest.formatVersion() > Manifest.FORMAT_VERSION) {
        throw new BackupRefused(
            "The backup "
                + file
                + " was written by a newer version of Samizdat (backup format "
                + manifest.formatVersion()
                + "; this version reads up to "
                + Manifest.FORMAT_VERSION
                + "). Restore it with that version or a later one.");
      }
      ArchiveReader reader = new ArchiveReader(file, zip, manifest, digest);
      reader.verifyParts();
      return reader;
    } catch (IOException e) {
      closeQuietly(zip);
      throw damaged(file, e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  Manifest manifest() {
    return manifest;
  }

  /** The SHA-256 of the archive (all bytes before the trailer's digest). */
  String sha256() {
    return sha256;
  }

  InputStream table(Manifest.TablePart t) throws IOException {
    return part(t.part(), t.bytes(), t.sha256());
  }

  InputStream media(Manifest.FilePart f) throws IOException {
    return part(f.part(), f.bytes(), f.sha256());
  }

  private InputStream part(String name, long bytes, String sha) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IOException("The backup " + file + " has no part " + name + " any more");
    }
    return new Verifying(zip.getInputStream(entry), name, bytes, sha);
  }

  private void verifyParts() throws IOException {
    Set<String> expected = new HashSet<>();
    expected.add(Manifest.ENTRY);
    if (manifest.tables() == null || manifest.sequences() == null || manifest.media() == null) {
      throw damaged(file, "its manifest is incomplete", null);
    }
    for (Manifest.TablePart t : manifest.tables()) {
      if (t.part() == null || !TABLE_PART.matcher(t.part()).matches() || !expected.add(t.part())) {
        throw damaged(file, "its manifest names a table part it should not: " + t.part(), null);
      }
    }
    for (Manifest.FilePart f : manifest.media()) {
      if (!safeRelativePath(f.path()) || !expected.add(f.part())) {
        throw damaged(file, "its manifest names a media file it should not: " + f.path(), null);
      }
    }
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (!expected.contains(e.getName())) {
        throw damaged(file, "it holds " + e.getName() + ", which its manifest does not list", null);
      }
    }
    for (Manifest.TablePart t : manifest.tables()) {
      drain(table(t), t.part());
    }
    for (Manifest.FilePart f : manifest.media()) {
      drain(media(f), f.part());
    }
  }

  private void drain(InputStream in, String name) {
    try (in) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw damaged(file, "its part " + name + " is damaged (" + e.getMessage() + ")", e);
    }
  }

  static boolean safeRelativePath(String path) {
    if (path == null || path.isEmpty() || path.length() > 1000) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
        return false;
      }
    }
    return true;
  }

  private static String checkTrailer(Path file) {
    int trailer = ArchiveWriter.TRAILER_PREFIX.length() + ArchiveWriter.DIGEST_HEX;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length < trailer + 22) {
        throw damaged(file, "it is too short to be a backup (" + length + " bytes)", null);
      }
      byte[] tail = new byte[trailer];
      raf.seek(length - trailer);
      raf.readFully(tail);
      String text = new String(tail, StandardCharsets.ISO_8859_1);
      if (!text.startsWith(ArchiveWriter.TRAILER_PREFIX)) {
        throw damaged(
            file,
            "it does not end with a Samizdat backup checksum: it is not a Samizdat backup,"
                + " or it was cut short or changed",
            null);
      }
      String stated = text.substring(ArchiveWriter.TRAILER_PREFIX.length());
      String actual = HexFormat.of().formatHex(sha256(raf, length - ArchiveWriter.DIGEST_HEX));
      if (!actual.equals(stated)) {
        throw damaged(
            file,
            "its checksum does not match its content: the file changed after it was written"
                + " (SHA-256 "
                + actual
                + ", expected "
                + stated
                + ")",
            null);
      }
      return actual;
    } catch (NoSuchFileException e) {
      throw new BackupRefused("There is no backup file at " + file.toAbsolutePath() + ".");
    } catch (IOException e) {
      throw new BackupRefused("Could not read the backup " + file + ": " + e.getMessage(), e);
    }
  }

  static byte[] sha256(RandomAccessFile raf, long length) throws IOException {
    MessageDigest sha = ArchiveWriter.sha256();
    byte[] buffer = new byte[1 << 16];
    raf.seek(0);
    long left = length;
    while (left > 0) {
      int n = raf.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      sha.update(buffer, 0, n);
      left -= n;
    }
    return sha.digest();
  }

  private static BackupRefused.Damaged damaged(Path file, String why, Throwable cause) {
    return new BackupRefused.Damaged(
        "The backup "
            + file
            + " is damaged and was not used: "
            + why
            + ". Nothing was changed. Use another copy of the backup.",
        cause);
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException ignored) {
      // read-only: nothing to lose
    }
  }

  /**
   * Hands a part's bytes through and fails at its end unless size and SHA-256 are what the manifest
   * says.
   */
  private static final class Verifying extends FilterInputStream {
    private final String name;
    private final long bytes;
    private final String sha256;
    private final MessageDigest digest;
    private long read;
    private boolean checked;

    Verifying(InputStream in, String name, long bytes, String sha256) {
      this(in, ArchiveWriter.sha256(), name, bytes, sha256);
    }

    private Verifying(
        InputStream in, MessageDigest digest, String name, long bytes, String sha256) {
      super(new DigestInputStream(in, digest));
      this.digest = digest;
      this.name = name;
      this.bytes = bytes;
      this.sha256 = sha256;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      } else {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        check();
      } else {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > bytes) {
        throw new IOException(name + " is longer than the manifest says (" + bytes + " bytes)");
      }
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      if (read != bytes) {
        throw new IOException(name + " has " + read + " bytes, the manifest says " + bytes);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new IOException(name + " does not match its SHA-256 in the manifest");
      }
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("parts are read whole");
    }
  }
}

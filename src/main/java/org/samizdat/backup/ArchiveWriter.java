package org.samizdat.backup;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup: a zip of parts, then {@code manifest.json}, and finally, in the zip's comment
 * (the very last bytes of the file), the SHA-256 of every byte before it. Any single changed byte
 * anywhere in the file is therefore found before a restore touches anything.
 */
final class ArchiveWriter implements Closeable {

  static final String TRAILER_PREFIX = "samizdat-backup sha256:";
  static final int DIGEST_HEX = 64;

  /** Writes one part's bytes; may return a count (rows) that the caller wants back. */
  interface Body {
    long write(OutputStream out) throws IOException, SQLException;
  }

  record Written(long bytes, String sha256, long count) {}

  private final Path file;
  private final ZipOutputStream zip;
  private final Set<String> names = new HashSet<>();
  private boolean closed;

  ArchiveWriter(Path file) throws IOException {
    this.file = file;
    this.zip =
        new ZipOutputStream(
            new BufferedOutputStream(
                Files.newOutputStream(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE),
                1 << 16),
            StandardCharsets.UTF_8);
  }

  Written part(String name, boolean compressible, Body body) throws IOException, SQLException {
    if (!names.add(name)) {
      throw new IllegalArgumentException("Two parts named " + name);
    }
    zip.setLevel(compressible ? Deflater.DEFAULT_COMPRESSION : Deflater.BEST_SPEED);
    zip.putNextEntry(new ZipEntry(name));
    MessageDigest sha = sha256();
    Counting counting = new Counting(new DigestOutputStream(new KeepOpen(zip), sha));
    long count = body.write(counting);
    counting.flush();
    zip.closeEntry();
    return new Written(counting.count, HexFormat.of().formatHex(sha.digest()), count);
  }

  Written file(String name, Path source) throws IOException {
    try (InputStream in = Files.newInputStream(source)) {
      return part(name, false, in::transferTo);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the manifest and the checksum trailer, and makes the file durable. Returns the file's
   * SHA-256.
   */
  String finish(Manifest manifest) throws IOException {
    zip.setLevel(Deflater.DEFAULT_COMPRESSION);
    zip.putNextEntry(new ZipEntry(Manifest.ENTRY));
    zip.write(manifest.toJson());
    zip.closeEntry();
    zip.setComment(TRAILER_PREFIX + "0".repeat(DIGEST_HEX));
    zip.close();
    closed = true;
    String digest;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long covered = raf.length() - DIGEST_HEX;
      digest = HexFormat.of().formatHex(ArchiveReader.sha256(raf, covered));
      raf.seek(covered);
      raf.write(digest.getBytes(StandardCharsets.US_ASCII));
      raf.getFD().sync();
    }
    return digest;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      zip.close();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lets a part's writer close its stream without closing the zip. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}

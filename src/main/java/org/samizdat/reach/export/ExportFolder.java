package org.samizdat.reach.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folder the copy is written to, rewritten in place: a file whose bytes did not change is not
 * touched (so a sync to a mirror or an object store moves only what changed), and a file the last
 * export wrote that this one did not (an unpublished article) is deleted. What was written is kept
 * in a manifest in the folder, so files that someone else put there are never deleted, and a
 * changed file is found by its hash, not its date.
 */
final class ExportFolder {

  /** Path, SHA-256, size and modification time of every file the last export wrote. */
  static final String MANIFEST = ".samizdat-export";

  private static final String HEADER =
      "# Samizdat static export: sha256, size, modified (ms), path. Written by the export; do not edit.";

  /** What this export did with a file: written anew, found as it was, or kept from the last. */
  private enum State {
    WRITTEN,
    UNCHANGED,
    CARRIED
  }

  /**
   * One file: its SHA-256 as four longs (as a hex string it took 130 bytes, for each of 150,000
   * files), size, modification time and state.
   */
  private record Entry(
      long sha0, long sha1, long sha2, long sha3, long size, long modified, State state) {

    static Entry of(byte[] sha, long size, long modified, State state) {
      ByteBuffer b = ByteBuffer.wrap(sha);
      return new Entry(b.getLong(), b.getLong(), b.getLong(), b.getLong(), size, modified, state);
    }

    static Entry of(String hex, long size, long modified) {
      if (hex.length() != 64) {
        throw new NumberFormatException("not a SHA-256: " + hex);
      }
      return new Entry(
          HexFormat.fromHexDigitsToLong(hex, 0, 16),
          HexFormat.fromHexDigitsToLong(hex, 16, 32),
          HexFormat.fromHexDigitsToLong(hex, 32, 48),
          HexFormat.fromHexDigitsToLong(hex, 48, 64),
          size,
          modified,
          State.CARRIED);
    }

    boolean sameBytes(Entry other) {
      return sha0 == other.sha0 && sha1 == other.sha1 && sha2 == other.sha2 && sha3 == other.sha3;
    }

    Entry as(long modifiedNow, State now) {
      return new Entry(sha0, sha1, sha2, sha3, size, modifiedNow, now);
    }

    String sha256() {
      HexFormat hex = HexFormat.of();
      return hex.toHexDigits(sha0)
          + hex.toHexDigits(sha1)
          + hex.toHexDigits(sha2)
          + hex.toHexDigits(sha3);
    }
  }

  private final Path root;
  private final Map<String, Entry> previous;
  private final Map<String, Entry> current = new ConcurrentHashMap<>();
  private final List<String> removed = new ArrayList<>();

  /**
   * Names of files being written: unique to this export (another process may write the same
   * folder), then counted, which is cheaper than a random UUID for each of 150,000 files.
   */
  private final String tempPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";

  private final AtomicLong temps = new AtomicLong();

  private ExportFolder(Path root, Map<String, Entry> previous) {
    this.root = root;
    this.previous = previous;
  }

  /** Opens (creating it if need be) the folder and reads what the last export left in it. */
  static ExportFolder open(Path directory) {
    Path root = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      return new ExportFolder(root, readManifest(root.resolve(MANIFEST)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not open the export folder "
              + root
              + ": "
              + e.getMessage()
              + ". Check that it is a directory this process may write to.",
          e);
    }
  }

  Path root() {
    return root;
  }

  /** Writes a file unless it already holds exactly these bytes. */
  void write(String file, byte[] bytes) {
    Path target = target(file);
    byte[] digest = digest(bytes);
    Entry before = previous.get(file);
    try {
      Entry now = Entry.of(digest, bytes.length, 0, State.WRITTEN);
      if (before != null && before.sameBytes(now) && stillAsWritten(target, before)) {
        keep(file, target, before);
        return;
      }
      Files.createDirectories(target.getParent());
      Path temp =
          target.resolveSibling(
              "." + target.getFileName() + "." + tempPrefix + temps.incrementAndGet() + ".part");
      try {
        Files.write(temp, bytes);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
      current.put(file, now.as(Files.getLastModifiedTime(target).toMillis(), State.WRITTEN));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies a file whose content never changes under its name (a stored image): when the last export
   * wrote it and it is still there as written, it is not read again.
   */
  void copyImmutable(String file, Path source) {
    Path target = target(file);
    Entry before = previous.get(file);
    try {
      if (before != null
          && Files.isRegularFile(target)
          && Files.size(target) == before.size()
          && Files.size(source) == before.size()
          && Files.getLastModifiedTime(target).toMillis() == before.modified()) {
        keep(file, target, before);
        return;
      }
      write(file, Files.readAllBytes(source));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not copy " + source + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Keeps what the last export wrote for this file, when it could not be made again this time (the
   * site answered with an error): a passing fault must not delete a page from a mirror.
   */
  void keepPrevious(String file) {
    Entry before = previous.get(file);
    if (before != null && Files.isRegularFile(target(file))) {
      current.put(file, before.as(before.modified(), State.UNCHANGED));
    }
  }

  boolean has(String file) {
    return current.containsKey(file);
  }

  /**
   * For an export of changes: every file of the last export stays in the copy unless this one
   * writes or removes it.
   */
  void carryOver() {
    previous.forEach(current::putIfAbsent);
  }

  /** Whether the last export wrote this file. */
  boolean had(String file) {
    return previous.containsKey(file);
  }

  /** Deletes a file of the copy whose page the site no longer has. */
  void remove(String file) {
    Path target = target(file);
    try {
      if (current.remove(file) != null || Files.isRegularFile(target)) {
        Files.deleteIfExists(target);
        synchronized (removed) {
          removed.add(file);
        }
        pruneEmptyParents(target.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not delete " + target + ", which the site no longer has: " + e.getMessage(), e);
    }
  }

  /** Saves the manifest of an export of changes; it deletes nothing by itself. */
  void finishChanges() {
    saveManifest();
  }

  /** Deletes what the last export wrote and this one did not, and saves the manifest. */
  void finish() {
    for (String file : new TreeSet<>(previous.keySet())) {
      if (current.containsKey(file)) {
        continue;
      }
      Path target = target(file);
      try {
        if (Files.isRegularFile(target)) {
          Files.delete(target);
        }
        removed.add(file);
        pruneEmptyParents(target.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not delete " + target + ", which the site no longer has: " + e.getMessage(), e);
      }
    }
    saveManifest();
  }

  /**
   * Records what was written when an export stops half-way, deleting nothing: the files it wrote
   * are known to the next export, and those of the last export stay until one completes.
   */
  void abandon() {
    previous.forEach(current::putIfAbsent);
    saveManifest();
  }

  /** Every file of this export, unsorted, as it is now. */
  Set<String> fileSet() {
    return java.util.Collections.unmodifiableSet(current.keySet());
  }

  /** Every file of this export, sorted. */
  List<String> files() {
    return new ArrayList<>(new TreeSet<>(current.keySet()));
  }

  /** Files this export wrote (new or changed), sorted. */
  List<String> written() {
    return filesIn(State.WRITTEN);
  }

  /** Files this export found as they were, sorted. */
  List<String> unchanged() {
    return filesIn(State.UNCHANGED);
  }

  private List<String> filesIn(State state) {
    List<String> files = new ArrayList<>();
    current.forEach(
        (file, entry) -> {
          if (entry.state() == state) {
            files.add(file);
          }
        });
    Collections.sort(files);
    return files;
  }

  List<String> removed() {
    return List.copyOf(removed);
  }

  private void keep(String file, Path target, Entry before) throws IOException {
    current.put(file, before.as(Files.getLastModifiedTime(target).toMillis(), State.UNCHANGED));
  }

  /**
   * The file on disk is the one the manifest describes; when only its date moved, its hash decides.
   */
  private static boolean stillAsWritten(Path target, Entry before) throws IOException {
    if (!Files.isRegularFile(target) || Files.size(target) != before.size()) {
      return false;
    }
    if (Files.getLastModifiedTime(target).toMillis() == before.modified()) {
      return true;
    }
    try (InputStream in = Files.newInputStream(target)) {
      byte[] bytes = in.readAllBytes();
      return before.sameBytes(Entry.of(digest(bytes), bytes.length, 0, State.WRITTEN));
    }
  }

  private Path target(String file) {
    if (!isFileOfTheCopy(file)) {
      throw new IllegalArgumentException("Not a file of the copy: '" + file + "'");
    }
    return root.resolve(file);
  }

  /**
   * A path inside the folder, never the manifest: a damaged manifest must not make the export
   * delete anything else.
   */
  private static boolean isFileOfTheCopy(String file) {
    return !file.isEmpty()
        && !file.startsWith("/")
        && !file.contains("\\")
        && !file.equals(MANIFEST)
        && List.of(file.split("/", -1)).stream()
            .noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
  }

  private void pruneEmptyParents(Path dir) throws IOException {
    for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
        if (entries.iterator().hasNext()) {
          return;
        }
      }
      Files.delete(d);
    }
  }

  private void saveManifest() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    new TreeMap<>(current)
        .forEach(
            (file, e) ->
                text.append(e.sha256())
                    .append('\t')
                    .append(e.size())
                    .append('\t')
                    .append(e.modified())
                    .append('\t')
                    .append(file)
                    .append('\n'));
    Path manifest = root.resolve(MANIFEST);
    Path temp = root.resolve(MANIFEST + ".part");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(
          temp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not save the export manifest " + manifest + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Entry> readManifest(Path manifest) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (!Files.isRegularFile(manifest)) {
      return entries;
    }
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", 4);
      if (cols.length == 4 && isFileOfTheCopy(cols[3])) {
        try {
          entries.put(cols[3], Entry.of(cols[0], Long.parseLong(cols[1]), Long.parseLong(cols[2])));
        } catch (NumberFormatException ignored) {
          // a damaged line: that file is simply written again
        }
      }
    }
    return entries;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest(bytes));
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

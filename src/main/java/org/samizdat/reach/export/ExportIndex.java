package org.samizdat.reach.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What an export of the copy showed, kept in the copy's folder for the next export of changes: when
 * the last complete export started (what changed since then is what the next one rewrites), the
 * file of each article, and which articles each list page shows. With it, a changed or withdrawn
 * article is rewritten on exactly the list pages that show it, however deep, and an article whose
 * address changed leaves no page behind at its old one.
 */
final class ExportIndex {

  static final String FILE = ".samizdat-export-index";

  private static final String HEADER =
      "# Samizdat static export: what the copy shows, for exports of changes. Written by the export; do not edit.";

  private volatile Instant since;
  private final Map<Long, String> articleFiles = new ConcurrentHashMap<>();
  private final Map<String, long[]> lists = new ConcurrentHashMap<>();

  private ExportIndex(Instant since) {
    this.since = since;
  }

  static ExportIndex empty(Instant since) {
    return new ExportIndex(since);
  }

  /** The index of the last complete export in this folder, if there is one that can be read. */
  static Optional<ExportIndex> read(Path root) {
    Path file = root.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    ExportIndex index = new ExportIndex(null);
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 3);
        switch (cols[0]) {
          case "since" -> index.since = Instant.parse(cols[1]);
          case "A" -> index.articleFiles.put(Long.parseLong(cols[1]), cols[2]);
          case "L" ->
              index.lists.put(
                  cols[1],
                  cols.length < 3 || cols[2].isEmpty()
                      ? new long[0]
                      : java.util.Arrays.stream(cols[2].split(","))
                          .mapToLong(Long::parseLong)
                          .toArray());
          default -> {}
        }
      }
    } catch (IOException | RuntimeException e) {
      // damaged: the next export is a whole one, which writes a new index
      return Optional.empty();
    }
    return index.since == null ? Optional.empty() : Optional.of(index);
  }

  Instant since() {
    return since;
  }

  void since(Instant at) {
    this.since = at;
  }

  Optional<String> articleFile(long id) {
    return Optional.ofNullable(articleFiles.get(id));
  }

  /** The article whose page this file of the copy is, as the last export wrote it. */
  Optional<Long> articleOf(String file) {
    return articleFiles.entrySet().stream()
        .filter(e -> e.getValue().equals(file))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  Map<Long, String> articleFiles() {
    return Map.copyOf(articleFiles);
  }

  void article(long id, String file) {
    articleFiles.put(id, file);
  }

  void forgetArticle(long id) {
    articleFiles.remove(id);
  }

  /** The list page (its file) shows these articles. */
  void list(String file, long[] ids) {
    lists.put(file, ids);
  }

  void forgetList(String file) {
    lists.remove(file);
  }

  /** The list pages (files) that show any of these articles. */
  Set<String> listsShowing(Set<Long> ids) {
    return lists.entrySet().stream()
        .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(ids::contains))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Keeps only what is about files still in the copy. */
  void retain(Set<String> files) {
    lists.keySet().retainAll(files);
    articleFiles.values().retainAll(files);
  }

  void write(Path root) {
    Path file = root.resolve(FILE);
    Path temp = root.resolve(FILE + ".part");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        out.write(HEADER);
        out.write("\nsince\t" + since + "\n");
        for (Map.Entry<Long, String> a : new TreeMap<>(articleFiles).entrySet()) {
          out.write("A\t" + a.getKey() + "\t" + a.getValue() + "\n");
        }
        Map<String, long[]> sorted = new TreeMap<>(lists);
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, long[]> l : sorted.entrySet()) {
          line.setLength(0);
          line.append("L\t").append(l.getKey()).append('\t');
          long[] ids = l.getValue();
          for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
              line.append(',');
            }
            line.append(ids[i]);
          }
          out.write(line.append('\n').toString());
        }
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not save the export index " + file + ": " + e.getMessage(), e);
    }
  }

  /** For tests: the list pages known to show an article. */
  List<String> listsOf(long id) {
    return List.copyOf(listsShowing(Set.of(id)));
  }
}

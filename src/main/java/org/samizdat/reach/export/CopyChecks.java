package org.samizdat.reach.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.samizdat.reach.export.HostCheck.Reference;
import org.samizdat.reach.export.LinkChecker.BrokenLink;

/**
 * The copy's checks ({@link HostCheck}, {@link LinkChecker}), made on each file as the crawl writes
 * it, in the crawl's threads and on the page it has already parsed, instead of reading and parsing
 * the whole copy again at the end: at 100,000 articles that second pass took as long as the crawl.
 * Links are resolved to the file they name as pages are written; a link to a file the copy has
 * already is done with, and whether the others' files exist is decided once the copy is complete.
 * Those are kept as 64-bit hashes of the file's name with the page that first named it, not as
 * strings: 80,000 of them as three strings each filled a 256 MB heap at 100,000 articles. The link
 * itself, for the report, is found again in that page in the rare case the file is missing.
 */
final class CopyChecks {

  private final HostCheck hosts;
  private final List<Reference> foreign = Collections.synchronizedList(new ArrayList<>());
  private final List<Reference> outbound = Collections.synchronizedList(new ArrayList<>());
  private final List<Reference> leaks = Collections.synchronizedList(new ArrayList<>());
  private final List<BrokenLink> broken = Collections.synchronizedList(new ArrayList<>());

  /** Whether the copy has a file already (written, or kept from the last export). */
  private final Predicate<String> inCopy;

  /**
   * The hash of each file of the copy a link names and that the copy did not have yet, with the
   * first page that named it. Guarded by itself.
   */
  private final LongHashes.LongObjectMap<String> pending = new LongHashes.LongObjectMap<>();

  CopyChecks(HostCheck hosts) {
    this(hosts, file -> false);
  }

  /**
   * @param inCopy whether the copy has a file already: links to it need no more checking
   */
  CopyChecks(HostCheck hosts, Predicate<String> inCopy) {
    this.hosts = hosts;
    this.inCopy = inCopy;
  }

  /**
   * Checks one file as written.
   *
   * @param page the file parsed as HTML when the caller has it, else null
   */
  void file(String file, String text, Document page) {
    if (!HostCheck.isChecked(file)) {
      return;
    }
    boolean html = file.endsWith(".html");
    Document doc = html && page == null ? Jsoup.parse(text) : page;
    HostCheck.Result found = hosts.check(file, text, doc);
    foreign.addAll(found.foreign());
    outbound.addAll(found.outbound());
    leaks.addAll(found.leaks());
    if (html) {
      links(file, LinkChecker.linksOf(doc));
    } else if (file.endsWith(".css")) {
      links(file, CssUrls.in(text));
    }
  }

  private void links(String file, List<String> links) {
    for (String link : links) {
      LinkChecker.Target target = LinkChecker.target(file, link);
      if (target == null) {
        continue;
      }
      if (target.problem() != null) {
        broken.add(new BrokenLink(file, link, target.problem()));
      } else if (!inCopy.test(target.file())) {
        long hash = LongHashes.of(target.file());
        synchronized (pending) {
          pending.putIfAbsent(hash, file);
        }
      }
    }
  }

  /** The crawl wrote this file: links to it can no longer break. */
  void written(String file) {
    long hash = LongHashes.of(file);
    synchronized (pending) {
      pending.remove(hash);
    }
  }

  /** Links to files the copy did not have when they were found, and may still lack. */
  int pending() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /**
   * Links whose file is not in the copy, once it is complete (one line for each missing file: the
   * first page that links to it).
   *
   * @param files every file of the copy
   * @param root the copy's folder, where a page with a broken link is read again for the link
   */
  List<BrokenLink> brokenLinks(Collection<String> files, Path root) {
    LongHashes.LongSet present = new LongHashes.LongSet(files.size());
    for (String f : files) {
      present.add(LongHashes.of(f));
    }
    Map<String, List<Long>> missingBy = new TreeMap<>();
    synchronized (pending) {
      pending.forEachKey(
          hash -> {
            if (!present.contains(hash)) {
              missingBy.computeIfAbsent(pending.get(hash), f -> new ArrayList<>()).add(hash);
            }
          });
    }
    List<BrokenLink> all = new ArrayList<>(broken);
    if (!missingBy.isEmpty()) {
      LongHashes.LongSet folders = new LongHashes.LongSet();
      for (String f : files) {
        for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
          folders.add(LongHashes.of(f.substring(0, i)));
        }
      }
      missingBy.forEach((page, hashes) -> all.addAll(linksTo(root, page, hashes, folders)));
    }
    all.sort(Comparator.comparing(BrokenLink::file).thenComparing(BrokenLink::link));
    return all;
  }

  /** The first link of a page of the copy to each of these missing files. */
  private static List<BrokenLink> linksTo(
      Path root, String page, List<Long> hashes, LongHashes.LongSet folders) {
    List<BrokenLink> found = new ArrayList<>();
    Set<Long> left = new HashSet<>(hashes);
    List<String> links;
    try {
      String text = Files.readString(root.resolve(page), StandardCharsets.UTF_8);
      links = page.endsWith(".css") ? CssUrls.in(text) : LinkChecker.linksOf(text);
    } catch (IOException | UncheckedIOException e) {
      links = List.of();
    }
    for (String link : links) {
      LinkChecker.Target target = LinkChecker.target(page, link);
      if (target == null || target.file() == null) {
        continue;
      }
      long hash = LongHashes.of(target.file());
      if (left.remove(hash)) {
        found.add(
            new BrokenLink(
                page,
                link,
                folders.contains(hash)
                    ? "names a folder, which file:// and object stores do not open as index.html"
                    : "no such file in the copy"));
      }
    }
    for (int i = 0; i < left.size(); i++) {
      // the page changed on disk since it was written: the file is missing all the same
      found.add(new BrokenLink(page, "", "links to a file that is not in the copy"));
    }
    return found;
  }

  HostCheck.Result hosts() {
    Comparator<Reference> order =
        Comparator.comparing(Reference::file)
            .thenComparing(Reference::where)
            .thenComparing(Reference::value);
    return new HostCheck.Result(
        sorted(foreign, order), sorted(outbound, order), sorted(leaks, order));
  }

  private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
    synchronized (list) {
      return list.stream().sorted(order).toList();
    }
  }
}

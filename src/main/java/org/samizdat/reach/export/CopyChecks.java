package org.samizdat.reach.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.samizdat.reach.export.HostCheck.Reference;
import org.samizdat.reach.export.LinkChecker.BrokenLink;

/**
 * The copy's checks ({@link HostCheck}, {@link LinkChecker}), made on each file as the crawl writes
 * it, in the crawl's threads and on the page it has already parsed, instead of reading and parsing
 * the whole copy again at the end: at 100,000 articles that second pass took as long as the crawl.
 * Links are resolved to the file they name as pages are written; whether that file exists is
 * decided once the copy is complete.
 */
final class CopyChecks {

  private final HostCheck hosts;
  private final List<Reference> foreign = Collections.synchronizedList(new ArrayList<>());
  private final List<Reference> outbound = Collections.synchronizedList(new ArrayList<>());
  private final List<Reference> leaks = Collections.synchronizedList(new ArrayList<>());
  private final List<BrokenLink> broken = Collections.synchronizedList(new ArrayList<>());

  /** Each file of the copy a link names, with the first page and link that named it. */
  private final Map<String, BrokenLink> targets = new ConcurrentHashMap<>();

  CopyChecks(HostCheck hosts) {
    this.hosts = hosts;
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
      } else {
        targets.putIfAbsent(target.file(), new BrokenLink(file, link, null));
      }
    }
  }

  /**
   * Forgets the links whose file the copy already has: they can no longer break. Called as the
   * crawl goes, so what is kept is the links to files not written yet, not one entry for every file
   * of a copy of 150,000 (which filled a 256 MB heap at 100,000 articles).
   */
  void forgetWritten(java.util.function.Predicate<String> written) {
    targets.keySet().removeIf(written);
  }

  /**
   * Links whose file is not in the copy, once it is complete (one line for each missing file: the
   * first page that links to it).
   */
  List<BrokenLink> brokenLinks(Collection<String> files) {
    Set<String> present = files instanceof Set<String> s ? s : new HashSet<>(files);
    Set<String> folders = null;
    List<BrokenLink> all = new ArrayList<>(broken);
    for (Map.Entry<String, BrokenLink> t : targets.entrySet()) {
      if (present.contains(t.getKey())) {
        continue;
      }
      if (folders == null) {
        folders = new HashSet<>();
        for (String f : present) {
          for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
            folders.add(f.substring(0, i));
          }
        }
      }
      BrokenLink first = t.getValue();
      all.add(
          new BrokenLink(
              first.file(),
              first.link(),
              folders.contains(t.getKey())
                  ? "names a folder, which file:// and object stores do not open as index.html"
                  : "no such file in the copy"));
    }
    all.sort(Comparator.comparing(BrokenLink::file).thenComparing(BrokenLink::link));
    return all;
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

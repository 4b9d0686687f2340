package org.samizdat.reach.export;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.samizdat.reach.export.ExportPaths.Address;
import org.samizdat.reach.export.PageRewriter.Result;

/**
 * One pass over the site: reads each address from the app's own web server, rewrites it into a file
 * of the copy, checks it, writes it, and queues what it links to. Several addresses are read at
 * once, so the site's rendering and the database run on every core while the crawl rewrites.
 */
final class SiteCrawl {

  /** Lists whose pages are indexed: which articles each shows. */
  private static final Pattern LIST_FILE =
      Pattern.compile("^(?:ru/)?(?:(?:section|tag|author)/[^/]+/)?(?:page/\\d+/)?index\\.html$");

  /** Whether a file of the copy is a page of a list (a front, a section, tag or author). */
  static boolean isListPage(String file) {
    return LIST_FILE.matcher(file).matches();
  }

  private final SiteFetcher fetcher;
  private final PageRewriter rewriter;
  private final ExportFolder folder;
  private final MainSite main;
  private final Function<String, Optional<Path>> media;
  private final CopyChecks checks;
  private final ExportPlan plan;
  private final ExportIndex index;
  private final int parallel;

  /** Whether to read an address found on a page: all of them, or only what the copy lacks. */
  private final Predicate<Address> follow;

  private final List<String> missing = Collections.synchronizedList(new ArrayList<>());
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  /** Addresses whose page the site no longer has (404, 410), each with its answer. */
  private final Map<String, SiteFetcher.Response> gone = new ConcurrentHashMap<>();

  /** Pages of the site linked to but not in the copy, with the first file that links each. */
  private final Map<String, String> leftOut = new ConcurrentHashMap<>();

  private final long startedNanos = System.nanoTime();
  private volatile long done;
  private volatile long known;
  private volatile long endedNanos;

  SiteCrawl(
      SiteFetcher fetcher,
      PageRewriter rewriter,
      ExportFolder folder,
      MainSite main,
      Function<String, Optional<Path>> media,
      CopyChecks checks,
      ExportPlan plan,
      ExportIndex index,
      Predicate<Address> follow,
      int parallel) {
    this.fetcher = fetcher;
    this.rewriter = rewriter;
    this.folder = folder;
    this.main = main;
    this.media = media;
    this.checks = checks;
    this.plan = plan;
    this.index = index;
    this.follow = follow;
    this.parallel = parallel;
  }

  /** Files done of those known, the known growing to at least what the plan expects. */
  ExportProgress progress() {
    long end = endedNanos != 0 ? endedNanos : System.nanoTime();
    long total = endedNanos != 0 ? done : Math.max(known, plan.expected());
    return new ExportProgress(done, Math.max(total, done), Duration.ofNanos(end - startedNanos));
  }

  /**
   * @param every told every {@code interval} how far the crawl is
   */
  void run(ExecutorService pool, Duration interval, Consumer<ExportProgress> every) {
    // hashes of the addresses met: 150,000 strings in a set took 20 MB of a 256 MB heap
    LongHashes.LongSet seen = new LongHashes.LongSet(plan.seeds().size());
    Deque<Address> queue = new ArrayDeque<>(plan.seeds().size());
    for (Address seed : plan.seeds()) {
      if (seen.add(LongHashes.of(seed.request()))) {
        queue.add(seed);
      }
    }
    plan.forgetSeeds();
    CompletionService<Set<Address>> finishing = new ExecutorCompletionService<>(pool);
    int inFlight = 0;
    known = seen.size();
    long nextReport = System.nanoTime() + interval.toNanos();
    try {
      while (!queue.isEmpty() || inFlight > 0) {
        while (!queue.isEmpty() && inFlight < parallel * 2) {
          Address next = queue.poll();
          finishing.submit(() -> export(next));
          inFlight++;
        }
        Future<Set<Address>> finished = finishing.take();
        inFlight--;
        for (Address found : finished.get()) {
          if (follow.test(found) && seen.add(LongHashes.of(found.request()))) {
            queue.add(found);
          }
        }
        done++;
        known = seen.size();
        if (System.nanoTime() - nextReport >= 0) {
          every.accept(progress());
          nextReport = System.nanoTime() + interval.toNanos();
        }
      }
      endedNanos = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "The static export was interrupted; the folder keeps what was written so far.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Reports the links that were left to the main site because the site does not have their page.
   */
  void checkLinksLeftOut(int max) {
    leftOut.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .limit(max)
        .forEach(
            link -> {
              try {
                SiteFetcher.Response response = fetcher.get(link.getKey());
                if (response.gone()) {
                  missing.add(
                      link.getKey()
                          + " ("
                          + response.status()
                          + "), linked from "
                          + link.getValue());
                }
              } catch (IOException e) {
                errors.add(link.getKey() + ": could not be read (" + e.getMessage() + ")");
              }
            });
  }

  List<String> missing() {
    return sorted(missing);
  }

  List<String> errors() {
    return sorted(errors);
  }

  /** Addresses read in this crawl that the site answered 404 or 410 for, with the answer. */
  Map<String, SiteFetcher.Response> gone() {
    return gone;
  }

  private Set<Address> export(Address address) {
    String file = ExportPaths.file(address);
    Optional<String> image = ExportPaths.mediaName(address);
    if (image.isPresent()) {
      Optional<Path> stored = media.apply(image.get());
      if (stored.isPresent()) {
        folder.copyImmutable(file, stored.get());
        checks.written(file);
      } else {
        missing.add(address.request() + " (no such image)");
      }
      return Set.of();
    }
    SiteFetcher.Response response;
    try {
      response = fetcher.get(address.request());
    } catch (IOException e) {
      errors.add(address.request() + ": could not be read (" + e.getMessage() + ")");
      folder.keepPrevious(file);
      return Set.of();
    }
    if (response.ok()) {
      if (ExportPaths.isPage(file) || file.endsWith(".css")) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        Result result =
            ExportPaths.isPage(file)
                ? rewriter.rewrite(address, text)
                : rewriter.rewriteCss(address, text);
        byte[] bytes = result.bytes();
        checks.file(file, new String(bytes, StandardCharsets.UTF_8), result.document());
        write(file, bytes);
        result.outside().forEach(a -> leftOut.putIfAbsent(a.request(), file));
        indexPage(file, result.found());
        return result.found();
      }
      if (HostCheck.isChecked(file)) {
        checks.file(file, new String(response.body(), StandardCharsets.UTF_8), null);
      }
      write(file, response.body());
      return Set.of();
    }
    if (response.redirect()) {
      Optional<Address> target = redirectTarget(response.location());
      if (target.isPresent() && !ExportPaths.file(target.get()).equals(file)) {
        Result stub = rewriter.redirect(address, target.get());
        checks.file(file, new String(stub.bytes(), StandardCharsets.UTF_8), null);
        write(file, stub.bytes());
        return stub.found();
      }
      missing.add(address.request() + " (redirects to " + response.location() + ")");
      return Set.of();
    }
    if (response.gone()) {
      gone.put(address.request(), response);
      missing.add(address.request() + " (" + response.status() + ")");
      return Set.of();
    }
    errors.add(address.request() + ": the site answered " + response.status());
    folder.keepPrevious(file);
    return Set.of();
  }

  /** Remembers which articles a list page shows, and which file each article page is. */
  private void indexPage(String file, Set<Address> found) {
    plan.articleOf(file).ifPresent(id -> index.article(id, file));
    if (!isListPage(file)) {
      return;
    }
    long[] ids =
        found.stream()
            .map(a -> plan.articleOf(ExportPaths.file(a)))
            .flatMap(Optional::stream)
            .mapToLong(Long::longValue)
            .distinct()
            .toArray();
    index.list(file, ids);
  }

  /** A page the site no longer has, written as the site answers it (for the copy's old links). */
  void writeAnswer(Address address, SiteFetcher.Response response) {
    String file = ExportPaths.file(address);
    if (!ExportPaths.isPage(file)) {
      return;
    }
    Result result = rewriter.rewrite(address, new String(response.body(), StandardCharsets.UTF_8));
    checks.file(file, new String(result.bytes(), StandardCharsets.UTF_8), result.document());
    write(file, result.bytes());
  }

  private void write(String file, byte[] bytes) {
    folder.write(file, bytes);
    checks.written(file);
  }

  private Optional<Address> redirectTarget(String location) {
    try {
      URI origin = URI.create(fetcher.origin() + "/");
      URI target = origin.resolve(location);
      boolean local =
          origin.getHost().equalsIgnoreCase(target.getHost())
              && origin.getPort() == target.getPort();
      if (!local && !main.isMain(target)) {
        return Optional.empty();
      }
      return ExportPaths.address(target.getRawPath(), target.getRawQuery());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> sorted(List<String> list) {
    synchronized (list) {
      return list.stream().sorted().toList();
    }
  }
}

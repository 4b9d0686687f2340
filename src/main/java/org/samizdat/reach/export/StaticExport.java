package org.samizdat.reach.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.export.ExportPaths.Address;
import org.samizdat.reach.export.PageRewriter.Result;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.site.SiteLinks;
import org.samizdat.site.SiteSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Writes the whole public site into a folder that works as a static copy. It starts from what
 * publishing says is live (both editions' fronts, every section, tag with a live article, author
 * with a byline, article, feed and sitemap), reads each page from this app's own web server,
 * rewrites it with relative links, and follows the links it finds (further pages of lists, images,
 * the stylesheet and script), so nothing a page links to is left out. Files are written only when
 * their bytes changed, and files of pages the site no longer has are removed. Then every page's
 * links are checked, and the copy is checked for other hosts, newsroom links and TEST MODE notices.
 */
@Service
public class StaticExport {

  private static final Logger log = LoggerFactory.getLogger(StaticExport.class);

  /**
   * Pages read at once: enough to keep a multi-core server busy, few enough not to crowd out
   * readers.
   */
  static final int PARALLEL = 4;

  private static final int BATCH = 100;

  /**
   * Links left to the main site whose page is looked up, to report the ones the site does not have.
   */
  private static final int MAX_LEFT_OUT_CHECKED = 1_000;

  private final Articles articles;
  private final Taxonomy taxonomy;
  private final MediaLibrary media;
  private final PaymentProviders providers;
  private final PlatformSettings platform;
  private final SiteSettings site;
  private final ExportSettings settings;
  private final Environment environment;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  /** The running export's crawl (or the last one's, once done), for its progress. */
  private volatile Crawl current;

  /** How often a running export says in the log how far it is. */
  static final long PROGRESS_LOG_NANOS = 5_000_000_000L;

  StaticExport(
      Articles articles,
      Taxonomy taxonomy,
      MediaLibrary media,
      PaymentProviders providers,
      PlatformSettings platform,
      SiteSettings site,
      ExportSettings settings,
      Environment environment,
      Clock clock) {
    this.articles = articles;
    this.taxonomy = taxonomy;
    this.media = media;
    this.providers = providers;
    this.platform = platform;
    this.site = site;
    this.settings = settings;
    this.environment = environment;
    this.clock = clock;
  }

  /**
   * Where the newsroom's button writes: {@code samizdat.reach.export-dir}, else {@code <data
   * dir>/export}.
   */
  public Path defaultDirectory() {
    Path dir =
        settings.exportDir().isEmpty()
            ? Path.of(platform.dataDir()).resolve("export")
            : Path.of(settings.exportDir());
    return dir.toAbsolutePath().normalize();
  }

  /**
   * Exports the site into {@code directory}, updating an earlier export there in place.
   *
   * @throws IllegalStateException when an export is already running in this app
   * @throws UncheckedIOException when the folder cannot be written
   */
  public ExportReport export(Path directory) {
    if (!running.tryLock()) {
      throw new IllegalStateException(
          "An export is already running in this app; wait for it to finish.");
    }
    try {
      return run(directory);
    } finally {
      running.unlock();
    }
  }

  public boolean isRunning() {
    return running.isLocked();
  }

  /**
   * How far the running export is (or how the last one ended on this node); empty before the first.
   */
  public java.util.Optional<ExportProgress> progress() {
    Crawl crawl = current;
    return crawl == null ? java.util.Optional.empty() : java.util.Optional.of(crawl.progress());
  }

  private ExportReport run(Path directory) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    MainSite main = new MainSite(site.baseUrl(), settings.exportSupportUrl());
    ExportFolder folder = ExportFolder.open(directory);
    log.info("Static export to {} started", folder.root());
    List<Address> seeds = seeds();
    Set<String> known = new HashSet<>();
    seeds.forEach(a -> known.add(a.request()));
    known.add("/robots.txt");
    Predicate<Address> inCopy =
        address -> {
          Optional<String> image = ExportPaths.mediaName(address);
          if (image.isPresent()) {
            return media.file(image.get()).isPresent();
          }
          String path = address.path();
          return known.contains(address.page() > 1 ? path : address.request())
              || path.startsWith("/css/")
              || path.startsWith("/js/");
        };
    Crawl crawl =
        new Crawl(
            new SiteFetcher(localOrigin()),
            new PageRewriter(main, inCopy, copyFixes()),
            folder,
            main);
    current = crawl;
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, worker());
    try {
      crawl.run(seeds, pool);
      crawl.checkLinksLeftOut();
      folder.write("robots.txt", robots(main));
      folder.finish();
    } catch (RuntimeException e) {
      folder.abandon();
      throw e;
    } finally {
      pool.shutdownNow();
    }
    List<String> files = folder.files();
    List<LinkChecker.BrokenLink> broken = LinkChecker.check(folder.root(), files);
    Set<String> allowedHosts = new LinkedHashSet<>(main.hosts());
    // feeds, copied byte for byte, take their images from the mirror the newsroom chose for that
    // (samizdat.site.feed-media-url): a host it picked because it is reachable where the site is
    // not
    site.feedMediaHost().ifPresent(allowedHosts::add);
    HostCheck.Result hosts = new HostCheck(allowedHosts).check(folder.root(), files);
    int pages = (int) files.stream().filter(ExportPaths::isPage).count();
    ExportReport report =
        new ExportReport(
            folder.root(),
            started,
            Duration.ofNanos(System.nanoTime() - t0),
            pages,
            files.size(),
            folder.written(),
            folder.unchanged().size(),
            folder.removed(),
            crawl.missing(),
            crawl.errors(),
            broken,
            hosts.foreign(),
            hosts.outbound(),
            hosts.leaks());
    if (report.ok()) {
      log.info(report.summary());
    } else {
      log.warn(report.summary());
    }
    return report;
  }

  /**
   * Everything publishing says is live; the crawl finds the rest (further pages of lists, images,
   * the stylesheet) through the links. A link to a page that is not among these (the language
   * switch of a tag page, say: tags belong to one edition) leads to the main site.
   */
  private List<Address> seeds() {
    Set<String> paths = new LinkedHashSet<>();
    List<Section> sections = taxonomy.sections();
    for (Language language : Language.values()) {
      paths.add(SiteLinks.home(language));
      paths.add(SiteLinks.about(language));
      paths.add(SiteLinks.edition(language, "/support"));
      paths.add(SiteLinks.edition(language, "/support/safely"));
      paths.add(SiteLinks.edition(language, "/feed.rss"));
      paths.add(SiteLinks.edition(language, "/feed.atom"));
      paths.add(SiteLinks.edition(language, "/feed.json"));
      for (Section section : sections) {
        String page = SiteLinks.section(language, section.slug());
        paths.add(page);
        paths.add(page + "/feed.rss");
        paths.add(page + "/feed.atom");
        paths.add(page + "/feed.json");
      }
    }
    for (Tag tag : taxonomy.allTags()) {
      // a tag only drafts carry answers 404 on the site: it would give the story away
      if (articles.live(tag.language(), null, tag.id(), null, 1, 1).total() > 0) {
        String page = SiteLinks.tag(tag.language(), tag.slug());
        paths.add(page);
        paths.add(page + "/feed.rss");
        paths.add(page + "/feed.atom");
        paths.add(page + "/feed.json");
      }
    }
    for (Author author : taxonomy.authors()) {
      if (articles.live(null, null, null, author.id(), 1, 1).total() > 0) {
        for (Language language : Language.values()) {
          paths.add(SiteLinks.author(language, author.slug()));
        }
      }
    }
    for (int batch = 1; ; batch++) {
      Page<ArticleSummary> page = articles.live(null, null, null, null, batch, BATCH);
      page.items().forEach(a -> paths.add(a.path()));
      if (!page.hasNext() || page.items().isEmpty()) {
        break;
      }
    }
    paths.addAll(
        List.of(
            "/sitemap.xml",
            "/sitemap-pages.xml",
            "/sitemap-articles.xml",
            "/sitemap-news.xml",
            // the signed list of mirrors, byte for byte, so a reader holding the copy can still
            // verify it
            "/mirrors.json",
            "/mirrors.json.sig",
            "/mirrors.pub",
            "/mirrors.pem",
            "/css/site.css",
            "/js/site.js",
            "/js/experiments.js",
            "/js/live.js",
            "/favicon.svg",
            "/favicon.ico"));
    List<Address> seeds = new ArrayList<>();
    for (String path : paths) {
      ExportPaths.address(path, null)
          .ifPresentOrElse(
              seeds::add,
              () ->
                  log.warn(
                      "Static export: '{}' is not an address the copy can hold; it is left out",
                      path));
    }
    return seeds;
  }

  /**
   * The payment methods line names the test-mode provider, whose name says TEST MODE: the copy
   * shows the real providers only, or no such line while there are none.
   */
  private Map<String, String> copyFixes() {
    List<PaymentProvider> active = providers.active();
    if (active.stream().noneMatch(PaymentProvider::isTestMode)) {
      return Map.of();
    }
    Map<String, String> fixes = new LinkedHashMap<>();
    for (Language language : Language.values()) {
      Messages m = Messages.of(language);
      // the names as the pages of this edition show them
      List<String> all =
          active.stream().map(p -> org.samizdat.site.SupportBlocks.providerName(m, p)).toList();
      List<String> real =
          active.stream()
              .filter(p -> !p.isTestMode())
              .map(p -> org.samizdat.site.SupportBlocks.providerName(m, p))
              .toList();
      String shown = m.t("support.methods", String.join(" · ", all));
      if (real.isEmpty()) {
        fixes.put(shown + " · ", "");
      } else {
        fixes.put(shown, m.t("support.methods", String.join(" · ", real)));
      }
    }
    return fixes;
  }

  /**
   * The copy's own robots.txt: it has no newsroom or search to keep crawlers out of, and its
   * sitemaps are the original's.
   */
  private byte[] robots(MainSite main) {
    return ("""
        # A static copy of %s. The original is at %s/
        User-agent: *
        Allow: /

        Sitemap: %s
        """
            .formatted(platform.name(), main.baseUrl(), main.absolute("/sitemap.xml")))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** This app's own web server, on loopback unless it listens on one address only. */
  private String localOrigin() {
    String port = environment.getProperty("local.server.port");
    if (port == null || port.isBlank() || port.equals("-1")) {
      throw new IllegalStateException(
          "The static export reads the site from this app's own web server, and that is not "
              + "running here. Start the export with 'java -jar samizdat.jar export', or from the newsroom.");
    }
    String address = environment.getProperty("server.address", "").trim();
    String host =
        address.isEmpty() || address.equals("0.0.0.0") || address.equals("::")
            ? "127.0.0.1"
            : address;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://"
        + host
        + ":"
        + port
        + environment.getProperty("server.servlet.context-path", "");
  }

  private static java.util.concurrent.ThreadFactory worker() {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, "static-export-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * One pass over the site: reads, rewrites and writes each address, and queues what it links to.
   */
  private final class Crawl {
    private final SiteFetcher fetcher;
    private final PageRewriter rewriter;
    private final ExportFolder folder;
    private final MainSite main;
    private final List<String> missing = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    /** Pages of the site linked to but not in the copy, with the first file that links each. */
    private final Map<String, String> leftOut = new ConcurrentHashMap<>();

    private final long startedNanos = System.nanoTime();
    private volatile long done;
    private volatile long known;
    private volatile long endedNanos;

    Crawl(SiteFetcher fetcher, PageRewriter rewriter, ExportFolder folder, MainSite main) {
      this.fetcher = fetcher;
      this.rewriter = rewriter;
      this.folder = folder;
      this.main = main;
    }

    ExportProgress progress() {
      long end = endedNanos != 0 ? endedNanos : System.nanoTime();
      return new ExportProgress(done, known, Duration.ofNanos(end - startedNanos));
    }

    void run(List<Address> seeds, ExecutorService pool) {
      Set<String> seen = new HashSet<>();
      Deque<Address> queue = new ArrayDeque<>();
      for (Address seed : seeds) {
        if (seen.add(seed.request())) {
          queue.add(seed);
        }
      }
      CompletionService<Set<Address>> finishing = new ExecutorCompletionService<>(pool);
      int inFlight = 0;
      known = seen.size();
      long nextLog = System.nanoTime() + PROGRESS_LOG_NANOS;
      try {
        while (!queue.isEmpty() || inFlight > 0) {
          while (!queue.isEmpty() && inFlight < PARALLEL) {
            Address next = queue.poll();
            finishing.submit(() -> export(next));
            inFlight++;
          }
          Future<Set<Address>> finished = finishing.take();
          inFlight--;
          for (Address found : finished.get()) {
            if (seen.add(found.request())) {
              queue.add(found);
            }
          }
          done++;
          known = seen.size();
          if (System.nanoTime() - nextLog >= 0) {
            log.info("Static export: {}", progress().summary());
            nextLog = System.nanoTime() + PROGRESS_LOG_NANOS;
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
    void checkLinksLeftOut() {
      leftOut.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .limit(MAX_LEFT_OUT_CHECKED)
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

    private Set<Address> export(Address address) {
      String file = ExportPaths.file(address);
      Optional<String> image = ExportPaths.mediaName(address);
      if (image.isPresent()) {
        Optional<Path> stored = media.file(image.get());
        if (stored.isPresent()) {
          folder.copyImmutable(file, stored.get());
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
          folder.write(file, result.bytes());
          result.outside().forEach(a -> leftOut.putIfAbsent(a.request(), file));
          return result.found();
        }
        folder.write(file, response.body());
        return Set.of();
      }
      if (response.redirect()) {
        Optional<Address> target = redirectTarget(response.location());
        if (target.isPresent() && !ExportPaths.file(target.get()).equals(file)) {
          Result stub = rewriter.redirect(address, target.get());
          folder.write(file, stub.bytes());
          return stub.found();
        }
        missing.add(address.request() + " (redirects to " + response.location() + ")");
        return Set.of();
      }
      if (response.gone()) {
        missing.add(address.request() + " (" + response.status() + ")");
        return Set.of();
      }
      errors.add(address.request() + ": the site answered " + response.status());
      folder.keepPrevious(file);
      return Set.of();
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
}

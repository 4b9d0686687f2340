package org.samizdat.reach.export;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.export.ExportPaths.Address;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviders;
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
  static final int PARALLEL = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

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
  private volatile SiteCrawl current;

  /** How often a running export says how far it is. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  /** More changed articles than this since the last export, and the export of changes is whole. */
  static final int MAX_CHANGES = 2_000;

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
   * Exports the whole site into {@code directory}, updating an earlier export there in place.
   *
   * @throws IllegalStateException when an export is already running in this app
   * @throws UncheckedIOException when the folder cannot be written
   */
  public ExportReport export(Path directory) {
    return export(directory, false, p -> {});
  }

  /**
   * Rewrites, in an earlier complete export in {@code directory}, only what shows the articles
   * written, published, withdrawn or deleted since that export started: their pages, their
   * translations', the first page and the feeds of each of their lists, every list page that showed
   * them, both fronts and the sitemaps. A withdrawn article's page becomes what the site answers
   * for it (withdrawn), so a page of the copy that still links to it ("Read more") leads to that
   * notice rather than nowhere. Anything else changed since (sections, settings, texts) waits for
   * the next whole export. Without an earlier complete export in the folder, or with more than
   * {@link #MAX_CHANGES} changed articles, it exports everything.
   */
  public ExportReport exportChanges(Path directory) {
    return export(directory, true, p -> {});
  }

  /**
   * @param changesOnly {@link #exportChanges(Path)} rather than {@link #export(Path)}
   * @param progress told every few seconds how far it is
   */
  public ExportReport export(
      Path directory, boolean changesOnly, Consumer<ExportProgress> progress) {
    if (!running.tryLock()) {
      throw new IllegalStateException(
          "An export is already running in this app; wait for it to finish.");
    }
    try {
      return run(directory, changesOnly, progress);
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
  public Optional<ExportProgress> progress() {
    SiteCrawl crawl = current;
    return crawl == null ? Optional.empty() : Optional.of(crawl.progress());
  }

  private ExportReport run(Path directory, boolean changesOnly, Consumer<ExportProgress> progress) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    MainSite main = new MainSite(site.baseUrl(), settings.exportSupportUrl());
    ExportFolder folder = ExportFolder.open(directory);
    Optional<ExportIndex> earlier =
        changesOnly ? ExportIndex.read(folder.root()) : Optional.empty();
    List<Long> changed = List.of();
    if (changesOnly && earlier.isEmpty()) {
      log.info(
          "Static export of changes to {}: no complete export there yet, so everything is exported",
          folder.root());
    } else if (earlier.isPresent()) {
      changed = articles.changedSince(earlier.get().since(), MAX_CHANGES + 1);
      if (changed.size() > MAX_CHANGES) {
        log.info(
            "Static export of changes to {}: more than {} articles changed since {}, so everything is exported",
            folder.root(),
            MAX_CHANGES,
            earlier.get().since());
        earlier = Optional.empty();
      }
    }
    boolean whole = earlier.isEmpty();
    ExportIndex index = whole ? ExportIndex.empty(started) : earlier.get();
    ExportPlan plan;
    if (whole) {
      log.info("Static export to {} started", folder.root());
      plan = ExportPlan.whole(articles, taxonomy);
    } else {
      log.info(
          "Static export of changes to {} started: {} articles changed since {}",
          folder.root(),
          changed.size(),
          index.since());
      folder.carryOver();
      Map<Long, Optional<Article>> now = new LinkedHashMap<>();
      Map<Long, Optional<Article>> translations = new LinkedHashMap<>();
      for (long id : changed) {
        Optional<Article> a = articles.find(id);
        now.put(id, a);
        a.map(Article::translationId).ifPresent(t -> translations.put(id, articles.find(t)));
      }
      plan = ExportPlan.changes(now, translations, index, folder::has, platform.timeZone());
      plan.knowArticles(index.articleFiles());
    }
    Predicate<Address> inCopy =
        address -> {
          Optional<String> image = ExportPaths.mediaName(address);
          if (image.isPresent()) {
            return media.file(image.get()).isPresent();
          }
          String path = address.path();
          return plan.holds(address) || path.startsWith("/css/") || path.startsWith("/js/");
        };
    Set<String> allowedHosts = new LinkedHashSet<>(main.hosts());
    // feeds, copied byte for byte, take their images from the mirror the newsroom chose for that
    // (samizdat.site.feed-media-url): a host it picked because it is reachable where the site is
    // not
    site.feedMediaHost().ifPresent(allowedHosts::add);
    CopyChecks checks = new CopyChecks(new HostCheck(allowedHosts), folder::has);
    Predicate<Address> follow = whole ? a -> true : a -> !folder.has(ExportPaths.file(a));
    SiteFetcher fetcher = new SiteFetcher(localOrigin());
    SiteCrawl crawl =
        new SiteCrawl(
            fetcher,
            new PageRewriter(main, inCopy, copyFixes()),
            folder,
            main,
            media::file,
            checks,
            plan,
            index,
            follow,
            PARALLEL);
    current = crawl;
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, worker());
    try {
      crawl.run(
          pool,
          PROGRESS_INTERVAL,
          p -> {
            log.info("Static export: {}", p.summary());
            progress.accept(p);
          });
      if (whole) {
        crawl.checkLinksLeftOut(MAX_LEFT_OUT_CHECKED);
        byte[] robots = robots(main);
        checks.file("robots.txt", new String(robots, StandardCharsets.UTF_8), null);
        folder.write("robots.txt", robots);
        folder.finish();
      } else {
        for (Map.Entry<String, SiteFetcher.Response> gone : crawl.gone().entrySet()) {
          String[] request = gone.getKey().split("\\?", 2);
          Address address =
              ExportPaths.address(request[0], request.length > 1 ? request[1] : null).orElse(null);
          if (address == null) {
            continue;
          }
          String file = ExportPaths.file(address);
          Optional<Long> article = plan.articleOf(file);
          if (article.isEmpty()) {
            article = index.articleOf(file);
          }
          if (article.isPresent()) {
            // stale "Read more" links elsewhere in the copy lead to the site's notice
            crawl.writeAnswer(address, gone.getValue());
            index.forgetArticle(article.get());
          } else {
            folder.remove(file);
            index.forgetList(file);
          }
        }
        folder.finishChanges();
      }
    } catch (RuntimeException e) {
      folder.abandon();
      throw e;
    } finally {
      pool.shutdownNow();
      fetcher.close();
    }
    Set<String> files = folder.fileSet();
    index.retain(files);
    index.since(started);
    index.write(folder.root());
    progress.accept(crawl.progress());
    List<LinkChecker.BrokenLink> broken = checks.brokenLinks(files, folder.root());
    HostCheck.Result hosts = checks.hosts();
    int pages = (int) files.stream().filter(ExportPaths::isPage).count();
    ExportReport report =
        new ExportReport(
            folder.root(),
            started,
            Duration.ofNanos(System.nanoTime() - t0),
            pages,
            files.size(),
            folder.written(),
            whole ? folder.unchanged().size() : files.size() - folder.written().size(),
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
}

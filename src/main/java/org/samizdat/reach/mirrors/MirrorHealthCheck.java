package org.samizdat.reach.mirrors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Articles;
import org.samizdat.reach.Mirror;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.MirrorStatus;
import org.samizdat.site.SiteLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every few minutes, one node (whichever claims the run in the database first) looks at every
 * mirror: does it answer, how fast, and does it have the newest live article. A few mirrors at a
 * time, so a newsroom with many does not flood its own network.
 */
@Component
class MirrorHealthCheck implements DisposableBean {

  static final int PARALLEL = 4;
  private static final Logger log = LoggerFactory.getLogger(MirrorHealthCheck.class);

  private final MirrorRepository repository;
  private final Articles articles;
  private final MirrorSettings settings;
  private final ClusterInvalidation invalidation;
  private final Clock clock;
  private final MirrorProbe probe;
  private final ExecutorService pool;

  MirrorHealthCheck(
      MirrorRepository repository,
      Articles articles,
      MirrorSettings settings,
      ClusterInvalidation invalidation,
      Clock clock) {
    this.repository = repository;
    this.articles = articles;
    this.settings = settings;
    this.invalidation = invalidation;
    this.clock = clock;
    this.probe = new MirrorProbe(settings.mirrorCheckTimeout(), clock, settings.outbound());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            PARALLEL,
            r -> {
              Thread t = new Thread(r, "mirror-check-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Each node asks every minute; only the one that claims the run checks, once per interval. */
  @Scheduled(
      fixedDelayString = "${samizdat.reach.mirror-check-poll:60s}",
      initialDelayString = "${samizdat.reach.mirror-check-initial-delay:60s}")
  void onSchedule() {
    try {
      if (repository.claimCheck(clock.instant(), settings.mirrorCheckInterval())) {
        checkAll();
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not check the mirrors (will try again at the next interval): {}", e.getMessage());
    }
  }

  /**
   * Checks every mirror now and stores the findings; the next scheduled run is one interval away.
   */
  void checkAll() {
    repository.postponeCheck(clock.instant().plus(settings.mirrorCheckInterval()));
    MirrorList before = repository.load();
    if (before.mirrors().isEmpty()) {
      return;
    }
    MirrorProbe.Latest latest = latest();
    List<Future<MirrorProbe.Finding>> findings = new ArrayList<>();
    for (Mirror mirror : before.mirrors()) {
      findings.add(pool.submit(() -> probe.check(mirror.url(), latest)));
    }
    for (int i = 0; i < findings.size(); i++) {
      Mirror mirror = before.mirrors().get(i);
      MirrorProbe.Finding finding;
      try {
        finding = findings.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        finding =
            new MirrorProbe.Finding(
                MirrorStatus.DOWN,
                null,
                clock.instant(),
                null,
                "The check itself failed: " + e.getCause());
      }
      repository.record(mirror.url(), finding);
      report(mirror, finding);
    }
    invalidation.evict(List.of(MirrorListController.SURROGATE_KEY));
  }

  private MirrorProbe.Latest latest() {
    List<ArticleSummary> newest = articles.live(null, null, null, null, 1, 1).items();
    if (newest.isEmpty()) {
      return null;
    }
    ArticleSummary a = newest.get(0);
    return new MirrorProbe.Latest(
        a.path(), a.headline(), SiteLinks.edition(a.language(), "/feed.rss"));
  }

  /** A change of state is worth a line in the log; the same state every ten minutes is not. */
  private static void report(Mirror before, MirrorProbe.Finding now) {
    if (before.status() == now.status()) {
      return;
    }
    switch (now.status()) {
      case DOWN ->
          log.warn(
              "Mirror {} is down: {} Readers who depend on it cannot reach the site there; "
                  + "check the host, or remove it from the list in the newsroom (Mirrors).",
              before.url(),
              now.problem());
      case STALE ->
          log.warn(
              "Mirror {} answers but is behind: {} Check that its copy job still runs.",
              before.url(),
              now.problem());
      case UP ->
          log.info(
              "Mirror {} is up ({} ms) and has the newest article",
              before.url(),
              now.latencyMillis());
      default -> {}
    }
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}

package org.samizdat.site;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.samizdat.platform.DaemonThreads;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.revenue.LedgerChanged;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Progress never goes backwards: when the ledger changes, every page showing the goal's progress is
 * dropped on every node (through {@link ClusterInvalidation}), so a reader who saw the new total on
 * the thank-you page never finds an older one on the next page. Under a flood of gifts the pages
 * are dropped at most once per interval: the first change at once, the ones after it together at
 * the end of the interval.
 */
@Component
class ProgressRefresh {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ProgressRefresh.class);

  private final ClusterInvalidation invalidation;
  private final long intervalNanos;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("progress-refresh"));
  private long lastEviction;
  private boolean everEvicted;
  private boolean pending;

  ProgressRefresh(
      ClusterInvalidation invalidation,
      @Value("${samizdat.site.progress-refresh-interval:5s}") Duration interval) {
    this.invalidation = invalidation;
    this.intervalNanos = interval.toNanos();
  }

  /**
   * A plain listener registering its own after-commit step, not a
   * {@code @TransactionalEventListener}: Spring Modulith would keep (and update twice) a
   * publication row for it after every payment, to drop pages that are rebuilt anyway.
   */
  @EventListener
  void on(LedgerChanged event) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              changed();
            }
          });
    } else {
      changed();
    }
  }

  synchronized void changed() {
    if (pending) {
      return; // already due at the end of the interval, and will show this change too
    }
    long since = System.nanoTime() - lastEviction;
    if (!everEvicted || since >= intervalNanos) {
      evict();
    } else {
      pending = true;
      timer.schedule(this::evictPending, intervalNanos - since, TimeUnit.NANOSECONDS);
    }
  }

  private synchronized void evictPending() {
    pending = false;
    evict();
  }

  private void evict() {
    everEvicted = true;
    lastEviction = System.nanoTime();
    try {
      invalidation.evict(List.of(SurrogateKeys.SUPPORT));
    } catch (RuntimeException e) {
      // the gift is recorded; its pages catch up when they expire (within a minute)
      log.warn("Could not tell the other nodes that the goal's progress moved: {}", e.getMessage());
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}

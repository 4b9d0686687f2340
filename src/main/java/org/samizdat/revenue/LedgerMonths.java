package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The ledger's sums per month of occurrence, rail, currency and (for other currencies than the
 * goal's) day, as the goal's progress adds them up. The dashboard shows twelve months, and each
 * counts annual gifts of the eleven before it: 23 months of ledger, 24 queries and half a second at
 * 200,000 entries. Months before the current one are kept once read: the ledger only grows, and an
 * entry that lands in a past month (a late webhook, an offline gift dated back) drops them, on this
 * node after its commit and on the others through {@link ClusterInvalidation}, as pages are
 * dropped. The current month is always read afresh, so the gifts arriving every minute never drop
 * anything.
 */
@Component
class LedgerMonths {

  /** What {@link ClusterInvalidation} carries when a past month of the ledger changed. */
  static final String PAST_MONTHS = "ledger-past-months";

  /** One month's sums for a rail, a currency and (null for the goal's currency) a day. */
  record Sums(String provider, Currency currency, LocalDate day, long direct, long annual) {}

  private record Key(long generation, YearMonth month, String goalCurrency) {}

  private final LedgerRepository ledger;
  private final ClusterInvalidation invalidation;
  private final Clock clock;
  private final ZoneId zone;
  private final Map<Key, List<Sums>> past = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /** The newest month kept, so a change there is seen even if the clock went back meanwhile. */
  private volatile YearMonth newestKept;

  LedgerMonths(
      LedgerRepository ledger,
      ClusterInvalidation invalidation,
      Clock clock,
      PlatformSettings platform) {
    this.ledger = ledger;
    this.invalidation = invalidation;
    this.clock = clock;
    this.zone = platform.timeZone();
    invalidation.onEvict(
        keys -> {
          if (keys.contains(PAST_MONTHS) || keys.contains("*")) {
            forget();
          }
        });
  }

  /**
   * Each month's sums from {@code first} to {@code last}, oldest first: past months from memory
   * (the missing ones read in one query), the current month and any later one from the ledger.
   */
  Map<YearMonth, List<Sums>> months(YearMonth first, YearMonth last, Currency goal) {
    YearMonth current = YearMonth.now(clock.withZone(zone));
    YearMonth kept = newestKept;
    if (kept != null && !kept.isBefore(current)) {
      forget(); // the clock went back (tests do): months kept as past are current again
    }
    long gen = generation.get();
    String code = goal.getCurrencyCode();
    Map<YearMonth, List<Sums>> found = new LinkedHashMap<>();
    YearMonth missingFrom = null;
    YearMonth missingTo = null;
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      List<Sums> known = m.isBefore(current) ? past.get(new Key(gen, m, code)) : null;
      found.put(m, known);
      if (known == null) {
        missingFrom = missingFrom == null ? m : missingFrom;
        missingTo = m;
      }
    }
    if (missingFrom != null) {
      Map<YearMonth, List<Sums>> read = read(missingFrom, missingTo, code);
      for (Map.Entry<YearMonth, List<Sums>> e : read.entrySet()) {
        if (found.get(e.getKey()) != null) {
          continue;
        }
        found.put(e.getKey(), e.getValue());
        if (e.getKey().isBefore(current)) {
          // filed under the generation it was read in: a change meanwhile makes it unreachable
          past.put(new Key(gen, e.getKey(), code), e.getValue());
          YearMonth newest = newestKept;
          if (newest == null || e.getKey().isAfter(newest)) {
            newestKept = e.getKey();
          }
        }
      }
    }
    return found;
  }

  /** Every month from first to last, each with its sums (empty when nothing happened). */
  private Map<YearMonth, List<Sums>> read(YearMonth first, YearMonth last, String goal) {
    List<YearMonth> months = new ArrayList<>();
    List<Instant> bounds = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(last.plusMonths(1)); m = m.plusMonths(1)) {
      if (!m.isAfter(last)) {
        months.add(m);
      }
      bounds.add(start(m));
    }
    Map<YearMonth, List<Sums>> read = new LinkedHashMap<>();
    for (YearMonth m : months) {
      read.put(m, new ArrayList<>());
    }
    for (LedgerRepository.BucketSums b : ledger.monthSums(bounds, goal, zone)) {
      read.get(months.get(b.bucket() - 1)).add(b.sums());
    }
    read.replaceAll((m, sums) -> List.copyOf(sums));
    return read;
  }

  private Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay(zone).toInstant();
  }

  /**
   * An entry was recorded: when it belongs to a month before the current one, the kept months are
   * dropped here and on every node, once its transaction has committed.
   */
  @EventListener
  void on(LedgerChanged event) {
    if (event.occurredAt() == null) {
      return;
    }
    YearMonth month = YearMonth.from(event.occurredAt().atZone(zone));
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              recorded(month);
            }
          });
    } else {
      recorded(month);
    }
  }

  private void recorded(YearMonth month) {
    if (month.isBefore(YearMonth.now(clock.withZone(zone)))) {
      try {
        invalidation.evict(List.of(PAST_MONTHS));
      } catch (RuntimeException e) {
        forget(); // the other nodes hear of it when their listener reconnects and drops everything
      }
      return;
    }
    YearMonth kept = newestKept;
    if (kept != null && !month.isAfter(kept)) {
      forget();
    }
  }

  void forget() {
    generation.incrementAndGet();
    newestKept = null;
    past.clear();
  }
}

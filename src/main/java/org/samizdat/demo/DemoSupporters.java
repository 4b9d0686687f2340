package org.samizdat.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.revenue.Contributions;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.PaymentEventProcessor;
import org.samizdat.revenue.RevenueReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A year of fictional readers' gifts, recorded through the same path real payments take (provider
 * "demo"), so a newcomer sees the goal's progress and the revenue dashboard alive. Only with
 * SAMIZDAT_DEMO_CONTENT and only on an empty ledger.
 */
@Component
class DemoSupporters {

  private static final Logger log = LoggerFactory.getLogger(DemoSupporters.class);
  private static final int FUNNEL_DAYS = 30;

  private final PaymentEventProcessor processor;
  private final RevenueReports reports;
  private final Contributions contributions;
  private final Clock clock;
  private final ZoneId zone;

  DemoSupporters(
      PaymentEventProcessor processor,
      RevenueReports reports,
      Contributions contributions,
      Clock clock,
      PlatformSettings platform) {
    this.processor = processor;
    this.reports = reports;
    this.contributions = contributions;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  void seedIfEmpty() {
    if (reports.hasAnyLedgerEntry()) {
      return;
    }
    Random random = new Random(2022);
    Instant now = clock.instant();
    int n = 0;
    Map<LocalDate, Integer> completedOn = new HashMap<>();
    for (int month = 11; month >= 0; month--) {
      Instant monthStart = now.minus(Duration.ofDays(30L * month + 1));
      int gifts = 6 + random.nextInt(10) + (11 - month);
      for (int i = 0; i < gifts; i++) {
        Instant at = monthStart.minus(Duration.ofHours(random.nextInt(24 * 25)));
        if (at.isAfter(now)) {
          at = now.minusSeconds(60);
        }
        Frequency f =
            i % 3 == 0 ? Frequency.MONTHLY : i % 7 == 0 ? Frequency.ANNUAL : Frequency.ONCE;
        long[] amounts =
            switch (f) {
              case ONCE -> new long[] {1000, 2500, 5000, 10000, 1500};
              case MONTHLY -> new long[] {200, 500, 1000, 2500};
              case ANNUAL -> new long[] {2000, 5000, 10000};
            };
        long amount = amounts[random.nextInt(amounts.length)];
        String id = "demo" + (++n);
        Money money = new Money(amount, java.util.Currency.getInstance("USD"));
        // the last month's gifts came through the appeal and a checkout, like real ones, so the
        // funnel's steps are counted over the same readers
        UUID checkout = null;
        if (at.isAfter(now.minus(Duration.ofDays(FUNNEL_DAYS)))) {
          checkout = contributions.recordDemoCheckout(f, money, at);
          completedOn.merge(LocalDate.ofInstant(at, zone), 1, Integer::sum);
        }
        processor.process(
            "demo",
            new PaymentEvent.CheckoutCompleted(
                "evt_" + id,
                at,
                checkout,
                "reader" + n + "@demo.invalid",
                money,
                f,
                "cus_" + id,
                f.isRecurring() ? "sub_" + id : null,
                f.isRecurring() ? null : "pi_" + id));
        if (f == Frequency.MONTHLY) {
          // most monthly supporters stay: a renewal every month since they started, until now
          boolean stays = random.nextInt(10) < 8;
          for (Instant renewal = at.plus(Duration.ofDays(30));
              stays && renewal.isBefore(now);
              renewal = renewal.plus(Duration.ofDays(30))) {
            String rid = id + "_" + renewal.getEpochSecond();
            processor.process(
                "demo",
                new PaymentEvent.RenewalPaid(
                    "evt_" + rid, renewal, "sub_" + id, "in_" + rid, money, "pi_" + rid));
          }
          if (!stays) {
            processor.process(
                "demo",
                new PaymentEvent.SubscriptionEnded(
                    "evt_end_" + id, at.plus(Duration.ofDays(20)), "sub_" + id));
          }
        }
      }
    }
    seedFunnel(completedOn, now);
    log.info("Demo content: {} fictional readers' gifts recorded (provider 'demo')", n);
  }

  /**
   * Each day of the last month: more readers saw the appeal than continued, more continued than
   * started a checkout, and some checkouts were left unfinished, as on a real site.
   */
  private void seedFunnel(Map<LocalDate, Integer> completedOn, Instant now) {
    Random random = new Random(2023);
    LocalDate today = LocalDate.ofInstant(now, zone);
    for (int back = 0; back < FUNNEL_DAYS; back++) {
      LocalDate day = today.minusDays(back);
      int completed = completedOn.getOrDefault(day, 0);
      int abandoned = random.nextInt(completed + 2);
      for (int i = 0; i < abandoned; i++) {
        contributions.recordDemoCheckout(
            Frequency.ONCE,
            new Money(1000, java.util.Currency.getInstance("USD")),
            min(day.atTime(12, 0).atZone(zone).toInstant(), now.minusSeconds(60)));
      }
      long continued = completed + abandoned + random.nextInt(4 + 2 * completed);
      long shown = continued * (8 + random.nextInt(8)) + random.nextInt(40) + 20;
      contributions.recordDemoFunnel("CONTINUE", day, continued);
      contributions.recordDemoFunnel("SHOWN", day, shown);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}

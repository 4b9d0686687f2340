package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.revenue.RevenueReportRepository.CheckoutCounts;
import org.samizdat.revenue.RevenueReportRepository.RailMonth;
import org.samizdat.revenue.RevenueReportRepository.SubscriptionNumbers;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the newsroom reads about money: the dashboard's numbers, the ledger, events waiting for
 * review.
 */
@Service
@Transactional(readOnly = true)
public class RevenueReports {

  public static final int PAGE_SIZE = 50;
  public static final List<String> KINDS = List.of("PAYMENT", "RENEWAL", "FAILED", "REFUND");

  private final Funding funding;
  private final PaymentProviders providers;
  private final RevenueReportRepository reports;
  private final Clock clock;
  private final ZoneId zone;

  RevenueReports(
      Funding funding,
      PaymentProviders providers,
      RevenueReportRepository reports,
      Clock clock,
      PlatformSettings platform) {
    this.funding = funding;
    this.providers = providers;
    this.reports = reports;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /**
   * The month's numbers, in the goal's currency, with month boundaries in the newsroom's time zone.
   */
  public record Dashboard(
      FundingProgress thisMonth,
      Money monthlyRecurring,
      long activeRecurringSupporters,
      Money oneTimeThisMonth,
      long newRecurring,
      long cancelledRecurring,
      List<FundingProgress> lastTwelveMonths,
      Funnel funnel,
      long unmatchedEvents,
      List<Rail> rails) {

    /** Raised as a percentage of the goal, not capped at 100 (the progress bar is). */
    public long percentOfGoal() {
      Money goal = thisMonth.goal();
      return goal.minor() <= 0 ? 0 : thisMonth.raised().minor() * 100 / goal.minor();
    }
  }

  /**
   * One payment rail side by side with the others: what it raised this month toward the goal (in
   * the goal's currency, refunds and chargebacks subtracted), what went back, how many payments
   * arrived (any currency), its active recurring gifts, and its part of the funnel over the last 30
   * days (checkouts opened with it, first payments completed through it). {@code months} are the
   * last twelve months, oldest first, counted as the goal counts them.
   */
  public record Rail(
      String provider,
      String name,
      boolean testMode,
      Money raisedThisMonth,
      Money refundedThisMonth,
      long paymentsThisMonth,
      long activeRecurring,
      long checkoutsStarted,
      long giftsCompleted,
      List<Money> months) {}

  private static final List<String> RAIL_ORDER =
      List.of("stripe", "paypal", "btcpay", ManualContributions.PROVIDER);

  /** The name staff know a rail by: its ledger provider id in words. */
  public static String railName(String provider) {
    if (provider == null) {
      return "";
    }
    return switch (provider) {
      case "stripe" -> "Stripe";
      case "paypal" -> "PayPal";
      case "btcpay" -> "BTCPay (crypto)";
      case ManualContributions.PROVIDER -> "Offline";
      case "testmode" -> "Test card (TEST MODE)";
      case "paypal-testmode" -> "PayPal (TEST MODE)";
      case "btcpay-testmode" -> "BTCPay (TEST MODE)";
      default -> provider;
    };
  }

  /** Every rail the ledger, a recent checkout or the active providers know, in a stable order. */
  public List<String> rails() {
    java.util.TreeSet<String> all =
        new java.util.TreeSet<>(
            java.util.Comparator.comparingInt(
                    (String p) ->
                        RAIL_ORDER.contains(p)
                            ? RAIL_ORDER.indexOf(p)
                            : RAIL_ORDER.size() + (p.contains("testmode") ? 1 : 0))
                .thenComparing(java.util.Comparator.naturalOrder()));
    all.addAll(reports.providers());
    for (PaymentProvider p : providers.active()) {
      all.add(p.id());
    }
    return List.copyOf(all);
  }

  private List<Rail> rails(
      YearMonth month, Money goal, Funnel funnel, List<Map<String, Money>> months) {
    Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    Map<String, RailMonth> ledger = reports.railMonths(goal.currencyCode(), start, end);
    Map<String, Long> active = reports.activeRecurringByRail();
    Instant from = funnel.from().atStartOfDay(zone).toInstant();
    Instant until = funnel.to().plusDays(1).atStartOfDay(zone).toInstant();
    Map<String, Long> started = reports.checkoutsStartedByRail(from, until);
    Map<String, Long> completed = reports.giftsCompletedByRail(from, until);
    Money zero = new Money(0, goal.currency());
    List<Rail> rails = new ArrayList<>();
    java.util.Set<String> names = new java.util.LinkedHashSet<>(rails());
    names.addAll(started.keySet());
    for (String provider : names) {
      RailMonth l = ledger.getOrDefault(provider, new RailMonth(0, 0));
      List<Money> history = new ArrayList<>();
      for (Map<String, Money> m : months) {
        history.add(m.getOrDefault(provider, zero));
      }
      rails.add(
          new Rail(
              provider,
              railName(provider),
              provider.contains("testmode"),
              history.get(history.size() - 1),
              new Money(l.refunded(), goal.currency()),
              l.payments(),
              active.getOrDefault(provider, 0L),
              started.getOrDefault(provider, 0L),
              completed.getOrDefault(provider, 0L),
              List.copyOf(history)));
    }
    return List.copyOf(rails);
  }

  /** Appeal funnel counts over a span of days (inclusive). */
  public record Funnel(
      LocalDate from, LocalDate to, long shown, long continued, long checkout, long completed) {}

  /**
   * What to list from the ledger.
   *
   * @param email part of a supporter's e-mail address, matched case-insensitively; blank for all
   * @param kind PAYMENT, RENEWAL, FAILED or REFUND; blank for all
   */
  public record ContributionFilter(String email, String kind, String rail) {
    public ContributionFilter(String email, String kind) {
      this(email, kind, "");
    }

    public ContributionFilter {
      email = email == null ? "" : email.trim();
      kind = kind == null ? "" : kind.trim().toUpperCase(Locale.ROOT);
      rail = rail == null ? "" : rail.trim();
      if (!rail.matches("[a-z0-9-]{0,40}")) {
        throw new BadRequestException("Unknown payment rail: choose one from the list.");
      }
      if (email.length() > 254) {
        throw new BadRequestException("Search for at most 254 characters of an e-mail address.");
      }
      if (!kind.isEmpty() && !KINDS.contains(kind)) {
        throw new BadRequestException(
            "Unknown kind '" + kind + "': choose one of " + String.join(", ", KINDS) + ".");
      }
    }
  }

  /** One ledger entry with its supporter's e-mail (null when the entry has no supporter). */
  public record LedgerLine(
      long id,
      Instant occurredAt,
      String email,
      String kind,
      Frequency frequency,
      Money amount,
      String provider,
      String paymentId) {

    /** Payments and renewals can be refunded; failures and refunds cannot. */
    public boolean refundable() {
      return "PAYMENT".equals(kind) || "RENEWAL".equals(kind);
    }
  }

  /**
   * A payment with the refunds recorded against it.
   *
   * @param refunded what went back so far, as a positive amount
   * @param remaining what can still be refunded
   */
  public record EntryDetail(
      LedgerLine entry, List<LedgerLine> refunds, Money refunded, Money remaining) {}

  /** A provider event we could not apply yet, kept for review. */
  public record UnmatchedEvent(
      String provider, String eventId, String type, Instant receivedAt, String detail) {}

  /** Whether anything at all was ever recorded. */
  public boolean hasAnyLedgerEntry() {
    return reports.hasAnyLedgerEntry();
  }

  public Dashboard dashboard() {
    YearMonth month = YearMonth.now(clock.withZone(zone));
    Money goal = funding.settings().goal();
    String currency = goal.currencyCode();
    Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();

    SubscriptionNumbers subscriptions = reports.subscriptionNumbers(start, end);
    // Every currency counts: active recurring gifts at today's rate, one-time gifts at their day's
    // rate (or what the provider settled in the goal's currency).
    Funding.Converted monthlyRecurring =
        funding.convert(reports.activeRecurring(), goal.currency());
    List<Funding.Part> oneTimeParts = reports.oneTime(currency, zone, start, end);
    long oneTime = funding.convert(oneTimeParts, goal.currency()).minor();

    List<FundingProgress> months = new ArrayList<>();
    List<Map<String, Money>> byRail = new ArrayList<>();
    for (Funding.MonthProgress m : funding.months(month.minusMonths(11), month)) {
      months.add(m.total());
      byRail.add(m.byRail());
    }
    Funnel funnel = funnel(30);
    return new Dashboard(
        months.get(11),
        new Money(monthlyRecurring.minor(), goal.currency()),
        subscriptions.supporters(),
        new Money(oneTime, goal.currency()),
        subscriptions.started(),
        subscriptions.cancelled(),
        List.copyOf(months),
        funnel,
        unmatchedCount(),
        rails(month, goal, funnel, byRail));
  }

  /** The appeal funnel over the last {@code days} days, today included. */
  public Funnel funnel(int days) {
    LocalDate to = LocalDate.now(clock.withZone(zone));
    LocalDate from = to.minusDays(days - 1L);
    Map<String, Long> counts = reports.funnelSteps(from, to);
    // Checkouts started and completed are counted over the same set, the checkouts readers
    // started in those days (a gift recorded without one, by hand, in the demo or before this
    // count, is in the ledger but not in the funnel), so completed can never exceed started.
    CheckoutCounts checkouts =
        reports.checkouts(
            from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
    return new Funnel(
        from,
        to,
        counts.getOrDefault("SHOWN", 0L),
        counts.getOrDefault("CONTINUE", 0L),
        checkouts.started(),
        checkouts.completed());
  }

  /**
   * Ledger entries, newest first, a page next to a row's key (no OFFSET walk, however deep), with
   * the matches counted up to {@link Keyset#COUNT_CAP} + 1.
   */
  public Keyset.Slice<LedgerLine> contributions(ContributionFilter filter, Keyset position) {
    long counted = reports.count(filter, Keyset.COUNT_CAP + 1);
    List<LedgerLine> rows = reports.lines(filter, position, PAGE_SIZE + 1);
    return position.slice(rows, PAGE_SIZE, counted, l -> Keyset.token(l.occurredAt(), l.id()));
  }

  /**
   * Every entry the filter matches, newest first, handed over one at a time as the database sends
   * them.
   */
  public void exportContributions(ContributionFilter filter, Consumer<LedgerLine> sink) {
    reports.export(filter, sink);
  }

  /** One ledger entry; for payments and renewals also what was refunded and what can still be. */
  public Optional<EntryDetail> entry(long id) {
    Optional<LedgerLine> found = reports.line(id);
    return found.map(
        line -> {
          Money zero = new Money(0, line.amount().currency());
          if (!line.refundable()) {
            return new EntryDetail(line, List.of(), zero, zero);
          }
          List<LedgerLine> refunds = reports.refundsOf(id);
          long refunded = -refunds.stream().mapToLong(r -> r.amount().minor()).sum();
          return new EntryDetail(
              line,
              refunds,
              new Money(refunded, line.amount().currency()),
              new Money(Math.max(0, line.amount().minor() - refunded), line.amount().currency()));
        });
  }

  /** Events waiting for the checkout or payment they refer to, oldest first. */
  public List<UnmatchedEvent> unmatched(int limit) {
    return reports.unmatched(limit);
  }

  public long unmatchedCount() {
    return reports.unmatchedCount();
  }
}

package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.BadRequestException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
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
  private final JdbcClient jdbc;

  /** Reads the export through a cursor, so a long ledger never sits in memory at once. */
  private final JdbcClient streaming;

  private final Clock clock;
  private final ZoneId zone;

  RevenueReports(
      Funding funding,
      PaymentProviders providers,
      JdbcClient jdbc,
      DataSource dataSource,
      Clock clock,
      PlatformSettings platform) {
    this.funding = funding;
    this.providers = providers;
    this.jdbc = jdbc;
    JdbcTemplate cursor = new JdbcTemplate(dataSource);
    cursor.setFetchSize(500);
    this.streaming = JdbcClient.create(cursor);
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
    // The ledger's few rails found by hopping along its (provider, ...) index, one probe a rail:
    // SELECT DISTINCT read all 200,000 entries (60 ms) on every dashboard and contributions page.
    all.addAll(
        jdbc.sql(
                """
                WITH RECURSIVE rail(provider) AS (
                  (SELECT provider FROM ledger_entry ORDER BY provider LIMIT 1)
                  UNION ALL
                  SELECT (SELECT e.provider FROM ledger_entry e WHERE e.provider > rail.provider
                          ORDER BY e.provider LIMIT 1)
                  FROM rail WHERE rail.provider IS NOT NULL
                )
                SELECT provider FROM rail WHERE provider IS NOT NULL
                UNION SELECT DISTINCT provider FROM subscription
                """)
            .query(String.class)
            .list());
    for (PaymentProvider p : providers.active()) {
      all.add(p.id());
    }
    return List.copyOf(all);
  }

  private List<Rail> rails(
      YearMonth month, Money goal, Funnel funnel, List<Map<String, Money>> months) {
    Timestamp start = Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant());
    Timestamp end = Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    Map<String, long[]> ledger = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT provider,
                   coalesce(-sum(amount_minor) FILTER (WHERE kind = 'REFUND' AND currency = :currency), 0),
                   count(*) FILTER (WHERE kind IN ('PAYMENT', 'RENEWAL'))
            FROM ledger_entry WHERE occurred_at >= :start AND occurred_at < :end GROUP BY provider
            """)
        .param("currency", goal.currencyCode())
        .param("start", start)
        .param("end", end)
        .query(
            rs -> {
              ledger.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            });
    Map<String, Long> active = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT provider, count(*) FROM subscription WHERE status = 'ACTIVE' GROUP BY provider")
        .query(
            rs -> {
              active.put(rs.getString(1), rs.getLong(2));
            });
    Timestamp from = Timestamp.from(funnel.from().atStartOfDay(zone).toInstant());
    Timestamp until = Timestamp.from(funnel.to().plusDays(1).atStartOfDay(zone).toInstant());
    Map<String, Long> started = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT provider, count(*) FROM checkout WHERE created_at >= :from AND created_at < :until GROUP BY provider")
        .param("from", from)
        .param("until", until)
        .query(
            rs -> {
              started.put(rs.getString(1), rs.getLong(2));
            });
    Map<String, Long> completed = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT provider, count(*) FROM ledger_entry
            WHERE kind = 'PAYMENT' AND recorded_at >= :from AND recorded_at < :until GROUP BY provider""")
        .param("from", from)
        .param("until", until)
        .query(
            rs -> {
              completed.put(rs.getString(1), rs.getLong(2));
            });
    Money zero = new Money(0, goal.currency());
    List<Rail> rails = new ArrayList<>();
    java.util.Set<String> names = new java.util.LinkedHashSet<>(rails());
    names.addAll(started.keySet());
    for (String provider : names) {
      long[] l = ledger.getOrDefault(provider, new long[] {0, 0});
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
              new Money(l[0], goal.currency()),
              l[1],
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
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ledger_entry)").query(Boolean.class).single();
  }

  public Dashboard dashboard() {
    YearMonth month = YearMonth.now(clock.withZone(zone));
    Money goal = funding.settings().goal();
    String currency = goal.currencyCode();
    Timestamp start = Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant());
    Timestamp end = Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());

    SubscriptionNumbers subscriptions =
        jdbc.sql(
                """
            SELECT count(DISTINCT supporter_id) FILTER (WHERE status = 'ACTIVE'),
                   count(*) FILTER (WHERE started_at >= :start AND started_at < :end),
                   count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_at >= :start AND cancelled_at < :end)
            FROM subscription
            """)
            .param("start", start)
            .param("end", end)
            .query((rs, n) -> new SubscriptionNumbers(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
            .single();
    // Every currency counts: active recurring gifts at today's rate, one-time gifts at their day's
    // rate (or what the provider settled in the goal's currency).
    List<Funding.Part> recurring =
        jdbc.sql(
                """
            SELECT currency,
                   coalesce(sum(amount_minor) FILTER (WHERE frequency = 'MONTHLY'), 0) AS monthly,
                   coalesce(sum(amount_minor) FILTER (WHERE frequency = 'ANNUAL'), 0) AS annual
            FROM subscription WHERE status = 'ACTIVE' GROUP BY currency
            """)
            .query(
                (rs, n) ->
                    new Funding.Part(
                        java.util.Currency.getInstance(rs.getString("currency")),
                        null,
                        rs.getLong("monthly"),
                        rs.getLong("annual")))
            .list();
    Funding.Converted monthlyRecurring = funding.convert(recurring, goal.currency());
    List<Funding.Part> oneTimeParts =
        jdbc.sql(
                """
            SELECT CASE WHEN currency = :currency OR settled_currency = :currency THEN :currency ELSE currency END AS cur,
                   CASE WHEN currency = :currency OR settled_currency = :currency THEN NULL
                        ELSE (occurred_at AT TIME ZONE :zone)::date END AS day,
                   coalesce(sum(CASE WHEN currency <> :currency AND settled_currency = :currency THEN settled_minor
                                     ELSE amount_minor END), 0) AS direct
            FROM ledger_entry
            WHERE kind IN ('PAYMENT', 'REFUND') AND frequency = 'ONCE'
              AND occurred_at >= :start AND occurred_at < :end
            GROUP BY 1, 2
            """)
            .param("currency", currency)
            .param("zone", zone.getId())
            .param("start", start)
            .param("end", end)
            .query(
                (rs, n) ->
                    new Funding.Part(
                        java.util.Currency.getInstance(rs.getString("cur")),
                        rs.getDate("day") == null ? null : rs.getDate("day").toLocalDate(),
                        rs.getLong("direct"),
                        0))
            .list();
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

  private record SubscriptionNumbers(long supporters, long started, long cancelled) {}

  /** The appeal funnel over the last {@code days} days, today included. */
  public Funnel funnel(int days) {
    LocalDate to = LocalDate.now(clock.withZone(zone));
    LocalDate from = to.minusDays(days - 1L);
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT step, sum(count) AS total FROM appeal_funnel WHERE day BETWEEN :from AND :to GROUP BY step")
        .param("from", java.sql.Date.valueOf(from))
        .param("to", java.sql.Date.valueOf(to))
        .query(
            rs -> {
              counts.put(rs.getString("step"), rs.getLong("total"));
            });
    // Checkouts started and completed are counted over the same set, the checkouts readers
    // started in those days (a gift recorded without one, by hand, in the demo or before this
    // count, is in the ledger but not in the funnel), so completed can never exceed started.
    Timestamp fromTs = Timestamp.from(from.atStartOfDay(zone).toInstant());
    Timestamp untilTs = Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant());
    long[] checkouts =
        jdbc.sql(
                """
            SELECT count(*), count(*) FILTER (WHERE status = 'COMPLETED') FROM checkout
            WHERE created_at >= :fromTs AND created_at < :untilTs""")
            .param("fromTs", fromTs)
            .param("untilTs", untilTs)
            .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    return new Funnel(
        from,
        to,
        counts.getOrDefault("SHOWN", 0L),
        counts.getOrDefault("CONTINUE", 0L),
        checkouts[0],
        checkouts[1]);
  }

  /**
   * Ledger entries, newest first, a page next to a row's key (no OFFSET walk, however deep), with
   * the matches counted up to {@link Keyset#COUNT_CAP} + 1.
   */
  public Keyset.Slice<LedgerLine> contributions(ContributionFilter filter, Keyset position) {
    Where where = where(filter);
    long counted =
        jdbc.sql(
                "SELECT count(*) FROM (SELECT 1 FROM ledger_entry e LEFT JOIN supporter s ON s.id = e.supporter_id"
                    + where.sql
                    + " LIMIT :cap) x")
            .params(where.params)
            .param("cap", Keyset.COUNT_CAP + 1)
            .query(Long.class)
            .single();
    List<String> conditions = new ArrayList<>(where.conditions);
    Map<String, Object> params = new LinkedHashMap<>(where.params);
    if (position.at() != null) {
      conditions.add(
          "(e.occurred_at, e.id) " + (position.descending() ? "<" : ">") + " (:keyAt, :keyId)");
      params.put("keyAt", Timestamp.from(position.at()));
      params.put("keyId", position.id());
    }
    String order = position.descending() ? " DESC" : " ASC";
    List<LedgerLine> rows =
        jdbc.sql(
                LINE_SELECT
                    + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                    + " ORDER BY e.occurred_at"
                    + order
                    + ", e.id"
                    + order
                    + " LIMIT :limit")
            .params(params)
            .param("limit", PAGE_SIZE + 1)
            .query(RevenueReports::line)
            .list();
    return position.slice(rows, PAGE_SIZE, counted, l -> Keyset.token(l.occurredAt(), l.id()));
  }

  /**
   * Every entry the filter matches, newest first, handed over one at a time as the database sends
   * them.
   */
  public void exportContributions(ContributionFilter filter, Consumer<LedgerLine> sink) {
    Where where = where(filter);
    streaming
        .sql(LINE_SELECT + where.sql + " ORDER BY e.occurred_at DESC, e.id DESC")
        .params(where.params)
        .query(
            rs -> {
              sink.accept(line(rs, 0));
            });
  }

  /** One ledger entry; for payments and renewals also what was refunded and what can still be. */
  public Optional<EntryDetail> entry(long id) {
    Optional<LedgerLine> found =
        jdbc.sql(LINE_SELECT + " WHERE e.id = :id")
            .param("id", id)
            .query(RevenueReports::line)
            .optional();
    return found.map(
        line -> {
          Money zero = new Money(0, line.amount().currency());
          if (!line.refundable()) {
            return new EntryDetail(line, List.of(), zero, zero);
          }
          List<LedgerLine> refunds =
              jdbc.sql(
                      LINE_SELECT
                          + " WHERE e.id IN ("
                          + LedgerRepository.REFUNDS_OF_ENTRY
                          + ")"
                          + " ORDER BY e.occurred_at, e.id")
                  .param("id", id)
                  .query(RevenueReports::line)
                  .list();
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
    return jdbc.sql(
            """
            SELECT provider, event_id, type, received_at, detail FROM provider_event
            WHERE status = 'UNMATCHED' ORDER BY received_at, provider, event_id LIMIT :limit
            """)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new UnmatchedEvent(
                    rs.getString("provider"),
                    rs.getString("event_id"),
                    rs.getString("type"),
                    rs.getTimestamp("received_at").toInstant(),
                    rs.getString("detail")))
        .list();
  }

  public long unmatchedCount() {
    return jdbc.sql("SELECT count(*) FROM provider_event WHERE status = 'UNMATCHED'")
        .query(Long.class)
        .single();
  }

  private static final String LINE_SELECT =
      """
      SELECT e.id, e.occurred_at, s.email, e.kind, e.frequency, e.amount_minor, e.currency, e.provider,
             e.provider_payment_id
      FROM ledger_entry e LEFT JOIN supporter s ON s.id = e.supporter_id""";

  private record Where(String sql, List<String> conditions, Map<String, Object> params) {}

  private static Where where(ContributionFilter filter) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    if (!filter.email().isEmpty()) {
      conditions.add("s.email ILIKE :email ESCAPE '\\'");
      params.put("email", "%" + escapeLike(filter.email()) + "%");
    }
    if (!filter.kind().isEmpty()) {
      conditions.add("e.kind = :kind");
      params.put("kind", filter.kind());
    }
    if (!filter.rail().isEmpty()) {
      conditions.add("e.provider = :rail");
      params.put("rail", filter.rail());
    }
    return new Where(
        conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions),
        List.copyOf(conditions),
        params);
  }

  /** A reader's text matched literally: % and _ are not wildcards when an editor types them. */
  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static LedgerLine line(ResultSet rs, int n) throws SQLException {
    return new LedgerLine(
        rs.getLong("id"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("email"),
        rs.getString("kind"),
        Frequency.valueOf(rs.getString("frequency")),
        Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
        rs.getString("provider"),
        rs.getString("provider_payment_id"));
  }
}

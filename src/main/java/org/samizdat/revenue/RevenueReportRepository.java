package org.samizdat.revenue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.Money;
import org.samizdat.revenue.RevenueReports.ContributionFilter;
import org.samizdat.revenue.RevenueReports.LedgerLine;
import org.samizdat.revenue.RevenueReports.UnmatchedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What {@link RevenueReports} reads: sums and counts over the ledger, subscriptions, checkouts and
 * the appeal funnel, ledger lines with their supporters' addresses, and events waiting for review.
 */
@Repository
class RevenueReportRepository {

  private final JdbcClient jdbc;

  /** Reads the export through a cursor, so a long ledger never sits in memory at once. */
  private final JdbcClient streaming;

  RevenueReportRepository(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    JdbcTemplate cursor = new JdbcTemplate(dataSource);
    cursor.setFetchSize(500);
    this.streaming = JdbcClient.create(cursor);
  }

  /** One rail's month: refunds in the goal's currency (positive) and payments in any currency. */
  record RailMonth(long refunded, long payments) {}

  record SubscriptionNumbers(long supporters, long started, long cancelled) {}

  /** Checkouts readers started over some days, and how many of those completed. */
  record CheckoutCounts(long started, long completed) {}

  /** Every provider in the ledger or among the subscriptions. */
  List<String> providers() {
    // The ledger's few rails found by hopping along its (provider, ...) index, one probe a rail:
    // SELECT DISTINCT read all 200,000 entries (60 ms) on every dashboard and contributions page.
    return jdbc.sql(
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
        .list();
  }

  /** Per rail, what went back in {@code currency} and how many payments arrived, in a span. */
  Map<String, RailMonth> railMonths(String currency, Instant start, Instant end) {
    Map<String, RailMonth> months = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT provider,
                   coalesce(-sum(amount_minor) FILTER (WHERE kind = 'REFUND' AND currency = :currency), 0),
                   count(*) FILTER (WHERE kind IN ('PAYMENT', 'RENEWAL'))
            FROM ledger_entry WHERE occurred_at >= :start AND occurred_at < :end GROUP BY provider
            """)
        .param("currency", currency)
        .param("start", Timestamp.from(start))
        .param("end", Timestamp.from(end))
        .query(
            rs -> {
              months.put(rs.getString(1), new RailMonth(rs.getLong(2), rs.getLong(3)));
            });
    return months;
  }

  /** Active recurring gifts per rail. */
  Map<String, Long> activeRecurringByRail() {
    Map<String, Long> active = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT provider, count(*) FROM subscription WHERE status = 'ACTIVE' GROUP BY provider")
        .query(
            rs -> {
              active.put(rs.getString(1), rs.getLong(2));
            });
    return active;
  }

  /** Checkouts opened per rail in a span. */
  Map<String, Long> checkoutsStartedByRail(Instant from, Instant until) {
    Map<String, Long> started = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT provider, count(*) FROM checkout WHERE created_at >= :from AND created_at < :until GROUP BY provider")
        .param("from", Timestamp.from(from))
        .param("until", Timestamp.from(until))
        .query(
            rs -> {
              started.put(rs.getString(1), rs.getLong(2));
            });
    return started;
  }

  /** First payments recorded per rail in a span. */
  Map<String, Long> giftsCompletedByRail(Instant from, Instant until) {
    Map<String, Long> completed = new LinkedHashMap<>();
    jdbc.sql(
            """
            SELECT provider, count(*) FROM ledger_entry
            WHERE kind = 'PAYMENT' AND recorded_at >= :from AND recorded_at < :until GROUP BY provider""")
        .param("from", Timestamp.from(from))
        .param("until", Timestamp.from(until))
        .query(
            rs -> {
              completed.put(rs.getString(1), rs.getLong(2));
            });
    return completed;
  }

  boolean hasAnyLedgerEntry() {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ledger_entry)").query(Boolean.class).single();
  }

  /**
   * Supporters with an active recurring gift, and recurring gifts started and cancelled in a span.
   */
  SubscriptionNumbers subscriptionNumbers(Instant start, Instant end) {
    return jdbc.sql(
            """
            SELECT count(DISTINCT supporter_id) FILTER (WHERE status = 'ACTIVE'),
                   count(*) FILTER (WHERE started_at >= :start AND started_at < :end),
                   count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_at >= :start AND cancelled_at < :end)
            FROM subscription
            """)
        .param("start", Timestamp.from(start))
        .param("end", Timestamp.from(end))
        .query((rs, n) -> new SubscriptionNumbers(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
        .single();
  }

  /** Active recurring gifts per currency: monthly and annual sums. */
  List<Funding.Part> activeRecurring() {
    return jdbc.sql(
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
  }

  /**
   * One-time gifts (less their refunds) in a span: in the goal's currency when they were given or
   * settled in it, else per currency and day in the newsroom's time zone.
   */
  List<Funding.Part> oneTime(String currency, ZoneId zone, Instant start, Instant end) {
    return jdbc.sql(
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
        .param("start", Timestamp.from(start))
        .param("end", Timestamp.from(end))
        .query(
            (rs, n) ->
                new Funding.Part(
                    java.util.Currency.getInstance(rs.getString("cur")),
                    rs.getDate("day") == null ? null : rs.getDate("day").toLocalDate(),
                    rs.getLong("direct"),
                    0))
        .list();
  }

  /** The appeal funnel's counts per step over a span of days (inclusive). */
  Map<String, Long> funnelSteps(LocalDate from, LocalDate to) {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT step, sum(count) AS total FROM appeal_funnel WHERE day BETWEEN :from AND :to GROUP BY step")
        .param("from", java.sql.Date.valueOf(from))
        .param("to", java.sql.Date.valueOf(to))
        .query(
            rs -> {
              counts.put(rs.getString("step"), rs.getLong("total"));
            });
    return counts;
  }

  CheckoutCounts checkouts(Instant from, Instant until) {
    return jdbc.sql(
            """
            SELECT count(*), count(*) FILTER (WHERE status = 'COMPLETED') FROM checkout
            WHERE created_at >= :fromTs AND created_at < :untilTs""")
        .param("fromTs", Timestamp.from(from))
        .param("untilTs", Timestamp.from(until))
        .query((rs, n) -> new CheckoutCounts(rs.getLong(1), rs.getLong(2)))
        .single();
  }

  /** How many entries the filter matches, counted up to {@code cap}. */
  long count(ContributionFilter filter, int cap) {
    Where where = where(filter);
    return jdbc.sql(
            "SELECT count(*) FROM (SELECT 1 FROM ledger_entry e LEFT JOIN supporter s ON s.id = e.supporter_id"
                + where.sql
                + " LIMIT :cap) x")
        .params(where.params)
        .param("cap", cap)
        .query(Long.class)
        .single();
  }

  /** Up to {@code limit} entries the filter matches, next to {@code position}. */
  List<LedgerLine> lines(ContributionFilter filter, Keyset position, int limit) {
    Where where = where(filter);
    List<String> conditions = new ArrayList<>(where.conditions);
    Map<String, Object> params = new LinkedHashMap<>(where.params);
    if (position.at() != null) {
      conditions.add(
          "(e.occurred_at, e.id) " + (position.descending() ? "<" : ">") + " (:keyAt, :keyId)");
      params.put("keyAt", Timestamp.from(position.at()));
      params.put("keyId", position.id());
    }
    String order = position.descending() ? " DESC" : " ASC";
    return jdbc.sql(
            LINE_SELECT
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY e.occurred_at"
                + order
                + ", e.id"
                + order
                + " LIMIT :limit")
        .params(params)
        .param("limit", limit)
        .query(RevenueReportRepository::line)
        .list();
  }

  /** Every entry the filter matches, newest first, each handed over as the database sends it. */
  void export(ContributionFilter filter, Consumer<LedgerLine> sink) {
    Where where = where(filter);
    streaming
        .sql(LINE_SELECT + where.sql + " ORDER BY e.occurred_at DESC, e.id DESC")
        .params(where.params)
        .query(
            rs -> {
              sink.accept(line(rs, 0));
            });
  }

  Optional<LedgerLine> line(long id) {
    return jdbc.sql(LINE_SELECT + " WHERE e.id = :id")
        .param("id", id)
        .query(RevenueReportRepository::line)
        .optional();
  }

  /** The refunds recorded against a payment, oldest first. */
  List<LedgerLine> refundsOf(long id) {
    return jdbc.sql(
            LINE_SELECT
                + " WHERE e.id IN ("
                + LedgerRepository.REFUNDS_OF_ENTRY
                + ")"
                + " ORDER BY e.occurred_at, e.id")
        .param("id", id)
        .query(RevenueReportRepository::line)
        .list();
  }

  /** Events waiting for the checkout or payment they refer to, oldest first. */
  List<UnmatchedEvent> unmatched(int limit) {
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

  long unmatchedCount() {
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

package org.samizdat.revenue;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.samizdat.revenue.ExchangeRates.Rate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The exchange rates editors keep, one per currency, goal currency and day. */
@Repository
class ExchangeRateRepository {

  private final JdbcClient jdbc;

  ExchangeRateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every rate into this goal currency, newest first per currency. */
  List<Rate> into(Currency goal) {
    return jdbc.sql(
            """
            SELECT currency, goal_currency, rate, as_of FROM exchange_rate
            WHERE goal_currency = :goal ORDER BY currency, as_of DESC
            """)
        .param("goal", goal.getCurrencyCode())
        .query(
            (rs, n) ->
                new Rate(
                    Currency.getInstance(rs.getString(1)),
                    Currency.getInstance(rs.getString(2)),
                    rs.getBigDecimal(3),
                    rs.getDate(4).toLocalDate()))
        .list();
  }

  /** Stores a rate; one of the same currencies and day is replaced. */
  void save(Rate rate, Instant now) {
    jdbc.sql(
            """
            INSERT INTO exchange_rate (currency, goal_currency, as_of, rate, updated_at)
            VALUES (:currency, :goal, :asOf, :rate, :now)
            ON CONFLICT (currency, goal_currency, as_of) DO UPDATE SET rate = EXCLUDED.rate, updated_at = EXCLUDED.updated_at
            """)
        .param("currency", rate.currency().getCurrencyCode())
        .param("goal", rate.goalCurrency().getCurrencyCode())
        .param("asOf", Date.valueOf(rate.asOf()))
        .param("rate", rate.rate())
        .param("now", Timestamp.from(now))
        .update();
  }
}

package org.samizdat.revenue;

import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The appeal's funnel: how many readers reached each step, counted per day. */
@Repository
class AppealFunnelRepository {

  private final JdbcClient jdbc;

  AppealFunnelRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void add(String step, LocalDate day, long count) {
    jdbc.sql(
            """
            INSERT INTO appeal_funnel (day, step, count) VALUES (:day, :step, :count)
            ON CONFLICT (day, step) DO UPDATE SET count = appeal_funnel.count + EXCLUDED.count
            """)
        .param("day", java.sql.Date.valueOf(day))
        .param("step", step)
        .param("count", count)
        .update();
  }

  void countOne(String step, LocalDate day) {
    jdbc.sql(
            """
            INSERT INTO appeal_funnel (day, step, count) VALUES (:day, :step, 1)
            ON CONFLICT (day, step) DO UPDATE SET count = appeal_funnel.count + 1
            """)
        .param("day", java.sql.Date.valueOf(day))
        .param("step", step)
        .update();
  }
}

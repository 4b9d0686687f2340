package org.samizdat.revenue.paypal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the PayPal test mode keeps: its orders, subscriptions and the like as PayPal's JSON, and its
 * signing key and certificate.
 */
@Repository
class PaypalTestModeRepository {

  private final JdbcClient jdbc;

  PaypalTestModeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores an object; one with the same id is replaced. */
  void store(String id, String kind, String json, Instant now) {
    jdbc.sql(
            """
            INSERT INTO paypal_testmode_object (id, kind, json, created_at) VALUES (:id, :kind, :json, :now)
            ON CONFLICT (id) DO UPDATE SET json = EXCLUDED.json
            """)
        .param("id", id)
        .param("kind", kind)
        .param("json", json)
        .param("now", Timestamp.from(now))
        .update();
  }

  /** Stores an object unless one with the same id is kept already, which then stays. */
  void storeIfAbsent(String id, String kind, String json, Instant now) {
    jdbc.sql(
            """
            INSERT INTO paypal_testmode_object (id, kind, json, created_at)
            VALUES (:id, :kind, :json, :now) ON CONFLICT (id) DO NOTHING""")
        .param("id", id)
        .param("kind", kind)
        .param("json", json)
        .param("now", Timestamp.from(now))
        .update();
  }

  Optional<String> load(String id) {
    return jdbc.sql("SELECT json FROM paypal_testmode_object WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .optional();
  }
}

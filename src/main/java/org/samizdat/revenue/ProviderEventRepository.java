package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The provider events received, each recorded once under the provider's own id: the key that makes
 * applying a payment happen exactly once. Events that wait, UNMATCHED, for what they refer to are
 * read back from here.
 */
@Repository
class ProviderEventRepository {

  private final JdbcClient jdbc;

  ProviderEventRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * What recording a provider event found: whether it was new (false: a repeated delivery), and
   * whether events about the same subscription or payment wait, UNMATCHED, to be applied after it.
   */
  record Recorded(boolean fresh, boolean othersWaiting) {}

  /**
   * Records a provider event once, and looks in the same statement for events that wait for it (a
   * renewal that arrived before its checkout): one round trip instead of two for every payment,
   * where nearly always none waits. The waiting events' rows are locked later, only when there are
   * any ({@link #unmatched}).
   */
  Recorded recordOnce(
      String provider,
      String eventId,
      String type,
      String subscriptionRef,
      String paymentRef,
      String json,
      Instant now) {
    return jdbc.sql(
            """
            WITH fresh AS (
              INSERT INTO provider_event (provider, event_id, type, status, subscription_ref, payment_ref, event_json,
                                          received_at, processed_at)
              VALUES (:provider, :id, :type, 'PROCESSED', :sub, :payment, :json, :now, :now)
              ON CONFLICT (provider, event_id) DO NOTHING
              RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM fresh),
                   (CAST(:sub AS text) IS NOT NULL OR CAST(:payment AS text) IS NOT NULL)
                   AND EXISTS (SELECT 1 FROM provider_event
                               WHERE provider = :provider AND status = 'UNMATCHED'
                                 AND (subscription_ref = :sub OR payment_ref = :payment))
            """)
        .param("provider", provider)
        .param("id", eventId)
        .param("type", type)
        .param("sub", subscriptionRef, java.sql.Types.VARCHAR)
        .param("payment", paymentRef, java.sql.Types.VARCHAR)
        .param("json", json)
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new Recorded(rs.getBoolean(1), rs.getBoolean(2)))
        .single();
  }

  void mark(String provider, String eventId, String status, String detail, Instant now) {
    jdbc.sql(
            "UPDATE provider_event SET status = :status, detail = :detail, processed_at = :now WHERE provider = :provider AND event_id = :id")
        .param("provider", provider)
        .param("id", eventId)
        .param("status", status)
        .param("detail", detail)
        .param("now", Timestamp.from(now))
        .update();
  }

  record StoredEvent(String eventId, String type, String json) {}

  List<StoredEvent> unmatched(String provider, String subscriptionRef, String paymentRef) {
    return jdbc.sql(
            """
            SELECT event_id, type, event_json FROM provider_event
            WHERE provider = :provider AND status = 'UNMATCHED'
              AND (subscription_ref = :sub OR payment_ref = :payment)
            ORDER BY received_at
            FOR UPDATE
            """)
        .param("provider", provider)
        .param("sub", subscriptionRef)
        .param("payment", paymentRef)
        .query((rs, n) -> new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  record WaitingEvent(String provider, StoredEvent stored) {}

  List<WaitingEvent> allUnmatched(int limit) {
    return jdbc.sql(
            """
            SELECT provider, event_id, type, event_json FROM provider_event WHERE status = 'UNMATCHED'
            ORDER BY received_at LIMIT :limit FOR UPDATE SKIP LOCKED
            """)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new WaitingEvent(
                    rs.getString(1),
                    new StoredEvent(rs.getString(2), rs.getString(3), rs.getString(4))))
        .list();
  }
}

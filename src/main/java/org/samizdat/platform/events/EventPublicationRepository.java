package org.samizdat.platform.events;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Spring Modulith's event publication registry (event_publication and its archive, both from our
 * own migrations), as far as deleting completed publications goes.
 */
@Repository
class EventPublicationRepository {

  private final JdbcClient jdbc;

  EventPublicationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Takes this advisory lock until the transaction ends; false when another session holds it. */
  boolean tryTransactionLock(long key) {
    return Boolean.TRUE.equals(
        jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
            .param("key", key)
            .query(Boolean.class)
            .single());
  }

  int deleteArchivedCompletedBefore(Instant before) {
    return jdbc.sql("DELETE FROM event_publication_archive WHERE completion_date < :before")
        .param("before", Timestamp.from(before))
        .update();
  }

  /** Deletes completed publications only: the others are the outbox still to be delivered. */
  int deleteCompletedBefore(Instant before) {
    return jdbc.sql(
            "DELETE FROM event_publication WHERE completion_date IS NOT NULL AND completion_date < :before")
        .param("before", Timestamp.from(before))
        .update();
  }
}

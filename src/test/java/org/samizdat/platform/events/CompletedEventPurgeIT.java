package org.samizdat.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Old completed event publications (a gift's supporter id and amount among them) are deleted after
 * samizdat.events.keep-completed (a day by default), from the archive and the live table; recent
 * ones and those not yet delivered stay; one node at a time does it.
 */
class CompletedEventPurgeIT extends IntegrationTest {

  @Autowired CompletedEventPurge purge;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  @Test
  void deletesWhatWasCompletedLongerAgoThanTheKeptAgeAndNothingStillToBeDelivered() {
    String listener = "purge-test-" + UUID.randomUUID();
    Instant now = Instant.now();
    UUID oldArchived =
        publication("event_publication_archive", listener, now.minus(Duration.ofDays(3)), true);
    UUID recentArchived =
        publication("event_publication_archive", listener, now.minus(Duration.ofHours(2)), true);
    UUID oldCompleted =
        publication("event_publication", listener, now.minus(Duration.ofDays(2)), true);
    UUID oldOutstanding =
        publication("event_publication", listener, now.minus(Duration.ofDays(5)), false);
    try {
      // ran (not skipped): the rows below say what it deleted, since the shared context's own
      // scheduled round (3 minutes after it starts) may come between and take some of them first
      assertThat(purge.purge()).isNotNegative();

      assertThat(ids("event_publication_archive", listener)).containsExactly(recentArchived);
      assertThat(ids("event_publication", listener)).containsExactly(oldOutstanding);
      assertThat(List.of(oldArchived, oldCompleted)).doesNotContainAnyElementsOf(all(listener));
    } finally {
      jdbc.sql("DELETE FROM event_publication WHERE listener_id = :l")
          .param("l", listener)
          .update();
      jdbc.sql("DELETE FROM event_publication_archive WHERE listener_id = :l")
          .param("l", listener)
          .update();
    }
  }

  @Test
  void aNodeSkipsTheRoundWhileAnotherHoldsTheLock() throws Exception {
    String listener = "purge-lock-test-" + UUID.randomUUID();
    UUID old =
        publication(
            "event_publication_archive", listener, Instant.now().minus(Duration.ofDays(3)), true);
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, CompletedEventPurge.LOCK);
        lock.execute();
      }
      assertThat(purge.purge()).isEqualTo(-1);
      assertThat(ids("event_publication_archive", listener)).containsExactly(old);
      other.rollback();
    }
    assertThat(purge.purge()).isNotNegative();
    assertThat(ids("event_publication_archive", listener)).isEmpty();
  }

  private UUID publication(String table, String listener, Instant at, boolean completed) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO "
                + table
                + " (id, listener_id, event_type, serialized_event, publication_date, completion_date, status)"
                + " VALUES (:id, :listener, 'org.samizdat.revenue.ContributionCompleted',"
                + " '{\"supporterId\":42,\"amount\":{\"minor\":2500,\"currency\":\"USD\"}}', :at, :done, :status)")
        .param("id", id)
        .param("listener", listener)
        .param("at", Timestamp.from(at.minusSeconds(1)))
        .param("done", completed ? Timestamp.from(at) : null, java.sql.Types.TIMESTAMP)
        .param("status", completed ? "COMPLETED" : "PUBLISHED")
        .update();
    return id;
  }

  private List<UUID> ids(String table, String listener) {
    return jdbc.sql("SELECT id FROM " + table + " WHERE listener_id = :l ORDER BY publication_date")
        .param("l", listener)
        .query(UUID.class)
        .list();
  }

  private List<UUID> all(String listener) {
    return jdbc.sql(
            "SELECT id FROM event_publication WHERE listener_id = :l"
                + " UNION ALL SELECT id FROM event_publication_archive WHERE listener_id = :l")
        .param("l", listener)
        .query(UUID.class)
        .list();
  }
}

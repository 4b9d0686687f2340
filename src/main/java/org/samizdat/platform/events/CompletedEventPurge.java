package org.samizdat.platform.events;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes the event publications Spring Modulith completed more than {@code
 * samizdat.events.keep-completed} ago (default a day), from event_publication_archive and from
 * event_publication alike. The registry keeps every completed event for ever otherwise, and events
 * carry personal data (a gift's supporter id and amount): an erased supporter would live on there.
 * Publications not completed yet are never touched: they are the outbox still to be delivered.
 *
 * <p>Every node runs this; one at a time does the work, the one that takes a PostgreSQL advisory
 * lock for the length of its transaction; the others skip that round.
 */
@Component
class CompletedEventPurge {

  private static final Logger log = LoggerFactory.getLogger(CompletedEventPurge.class);

  /** The advisory lock's key: "event purge" (each job that locks this way has its own key). */
  static final long LOCK = 7_362_101L;

  private final EventPublicationRepository publications;
  private final EventSettings settings;
  private final Clock clock;

  CompletedEventPurge(
      EventPublicationRepository publications, EventSettings settings, Clock clock) {
    this.publications = publications;
    this.settings = settings;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${samizdat.events.purge-interval:1h}", initialDelayString = "PT3M")
  void scheduled() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("Could not delete old completed event publications: {}", e.getMessage());
    }
  }

  /**
   * Deletes what was completed before the kept age; returns how many publications, or -1 when
   * another node holds the lock (and does it now).
   */
  @Transactional
  public int purge() {
    if (!publications.tryTransactionLock(LOCK)) {
      return -1;
    }
    Instant before = clock.instant().minus(settings.keepCompleted());
    int archived = publications.deleteArchivedCompletedBefore(before);
    int completed = publications.deleteCompletedBefore(before);
    if (archived + completed > 0) {
      log.info(
          "Deleted {} event publication(s) completed before {} (samizdat.events.keep-completed={})",
          archived + completed,
          before,
          settings.keepCompleted());
    }
    return archived + completed;
  }
}

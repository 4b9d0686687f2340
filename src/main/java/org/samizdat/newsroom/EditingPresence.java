package org.samizdat.newsroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Who has an article open in the editor. The editor's page refreshes its row every half minute
 * while it is open; a row counts for {@link #FRESH} after its last refresh, so a closed tab or a
 * crashed laptop stops showing within two minutes. Shared by all nodes (the table is in
 * PostgreSQL).
 */
@Service
class EditingPresence {

  static final Duration FRESH = Duration.ofSeconds(100);

  /** Someone else with the article open: who, and since when. */
  record Editor(String name, Instant since) {}

  private final EditingPresenceRepository rows;
  private final Clock clock;

  EditingPresence(EditingPresenceRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  /** Marks the article open by this staff member; "since" restarts only after a gap. */
  void touch(long articleId, long staffId) {
    Instant now = clock.instant();
    rows.touch(articleId, staffId, now, now.minus(FRESH));
  }

  void release(long articleId, long staffId) {
    rows.delete(articleId, staffId);
  }

  /** Everyone else who has had the article open recently, longest first. */
  List<Editor> others(long articleId, long staffId) {
    return rows.others(articleId, staffId, clock.instant().minus(FRESH));
  }
}

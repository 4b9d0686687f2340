package org.samizdat.publishing;

import java.time.Instant;

/**
 * Where a draft stands in review: {@code READY} for an editor, or {@code RETURNED} to its author
 * with the editor's note.
 */
public record Review(
    long articleId,
    State state,
    String note,
    String requestedBy,
    Instant requestedAt,
    String returnedBy,
    Instant returnedAt) {

  public enum State {
    READY,
    RETURNED
  }

  public boolean isReady() {
    return state == State.READY;
  }
}

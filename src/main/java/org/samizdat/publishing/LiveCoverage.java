package org.samizdat.publishing;

import java.time.Instant;

/**
 * An article covered live: its pinned summary (empty when none) and, once an editor ended the
 * coverage, when.
 */
public record LiveCoverage(
    long articleId,
    Instant startedAt,
    String startedBy,
    String summaryMarkdown,
    String summaryHtml,
    Instant endedAt) {

  /** Still running: readers see LIVE and their page keeps asking for updates. */
  public boolean isRunning() {
    return endedAt == null;
  }

  public boolean hasSummary() {
    return !summaryMarkdown.isBlank();
  }
}

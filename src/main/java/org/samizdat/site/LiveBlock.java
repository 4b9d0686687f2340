package org.samizdat.site;

import java.time.ZoneId;
import java.util.List;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.LiveCoverage;
import org.samizdat.publishing.LiveUpdate;

/**
 * What a live article's page shows above its body: LIVE (or when coverage ended), the pinned
 * summary and the updates newest first, and where the page's script asks for newer ones.
 */
public record LiveBlock(
    LiveCoverage coverage,
    List<LiveUpdate> updates,
    Language language,
    ZoneId zone,
    int pollSeconds) {

  public String updatesUrl() {
    return LiveUpdatesController.path(coverage.articleId());
  }

  /** The newest update's id, from which the script asks for newer ones (0 when none). */
  public long newestId() {
    return updates.isEmpty() ? 0 : updates.get(0).id();
  }

  public String ended() {
    return ReaderDates.format(coverage.endedAt(), language, zone);
  }

  public String time(LiveUpdate u) {
    return ReaderDates.format(u.postedAt(), language, zone);
  }
}

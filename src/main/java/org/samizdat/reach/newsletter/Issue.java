package org.samizdat.reach.newsletter;

import java.time.LocalDate;
import java.util.List;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.LiveUpdate;

/**
 * What one issue says: the same for every subscriber of its frequency and language, apart from each
 * one's unsubscribe link.
 *
 * @param period the day, or the first day of the week, in the newsroom's time zone
 * @param articles what the issue lists, newest first
 * @param more how many more new articles there were than it lists
 * @param live live pages updated since the last issue (new ones among {@code articles} too), each
 *     with its newest updates
 */
record Issue(
    DigestFrequency frequency,
    Language language,
    LocalDate period,
    List<ArticleSummary> articles,
    int more,
    List<LiveStory> live) {

  /**
   * A live page in an issue.
   *
   * @param path its address on the site
   * @param updates its newest updates, newest first
   */
  record LiveStory(
      long articleId, String headline, String standfirst, String path, List<LiveUpdate> updates) {}
}

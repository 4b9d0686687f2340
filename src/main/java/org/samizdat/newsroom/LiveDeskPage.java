package org.samizdat.newsroom;

import java.util.List;
import java.util.Map;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.LiveCoverage;
import org.samizdat.publishing.LiveUpdate;

/**
 * The live desk of one article: its coverage (null before it is switched on), the updates newest
 * first, and what the person at the desk may do.
 *
 * @param text the new update's text, kept when it was refused
 * @param summary the summary as typed, kept when it was refused
 * @param editing the update whose correction was refused (its text is {@code text}), or null
 */
public record LiveDeskPage(
    Article article,
    LiveCoverage coverage,
    List<LiveUpdate> updates,
    String publicPath,
    boolean canRun,
    long myStaffId,
    String timeZone,
    long maxUploadMb,
    String text,
    String imageAlt,
    String summary,
    Long editing,
    Map<String, String> errors) {

  public String error(String field) {
    return errors.get(field);
  }

  public boolean isLive() {
    return coverage != null;
  }

  public boolean isRunning() {
    return coverage != null && coverage.isRunning();
  }

  /** Editors correct and delete any update; an article's authors their own. */
  public boolean mayChange(LiveUpdate u) {
    return canRun || (u.staffId() != null && u.staffId() == myStaffId);
  }

  /** The new update form's text: what was typed when posting it was refused. */
  public String newText() {
    return editing == null ? text : "";
  }

  public String newImageAlt() {
    return editing == null ? imageAlt : "";
  }

  /** A machine-readable time to the second, as HTML's datetime takes it. */
  public String iso(java.time.Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  public String textFor(LiveUpdate u) {
    return editing != null && editing == u.id() ? text : u.bodyMarkdown();
  }
}

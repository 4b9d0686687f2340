package org.samizdat.site;

import java.time.ZoneId;
import org.samizdat.revenue.SupporterGiving;

/** View records of the supporter's own pages. */
public final class SupporterPages {
  private SupporterPages() {}

  public record Manage(SiteChrome chrome, String error, String message) {}

  /** The e-mailed link's page: a button that uses the link up. */
  public record Open(SiteChrome chrome, String token) {}

  /**
   * @param session the session's id, which the page's forms and links carry
   * @param confirmCancel the recurring gift whose cancelling waits for the reader's yes (0: none)
   * @param typedFor the recurring gift whose new amount was refused (0: none)
   * @param typed what the reader typed there, shown again as they typed it
   */
  public record Giving(
      SiteChrome chrome,
      String session,
      SupporterGiving giving,
      String error,
      String message,
      ZoneId zone,
      long confirmCancel,
      long typedFor,
      String typed) {

    /** What the amount field of a recurring gift shows. */
    public String amountField(long id, String current) {
      return id == typedFor && typed != null ? typed : current;
    }
  }

  public record Remind(
      SiteChrome chrome, String error, String message, String email, String date) {}

  public record Reminder(SiteChrome chrome, String id, String message) {}
}

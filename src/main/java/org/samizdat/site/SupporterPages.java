package org.samizdat.site;

import java.time.ZoneId;
import org.samizdat.revenue.SupporterGiving;

/** View records of the supporter's own pages. */
public final class SupporterPages {
  private SupporterPages() {}

  public record Manage(SiteChrome chrome, String error, String message) {}

  public record Giving(
      SiteChrome chrome,
      String token,
      SupporterGiving giving,
      String error,
      String message,
      ZoneId zone) {}

  public record Remind(
      SiteChrome chrome, String error, String message, String email, String date) {}

  public record Reminder(SiteChrome chrome, String id, String message) {}
}

package org.samizdat.reach.newsletter;

import org.samizdat.site.SiteChrome;

/** View records of the reader's newsletter pages (templates in reach/). */
public final class NewsletterPages {
  private NewsletterPages() {}

  /**
   * The form, with what the reader typed when it comes back with an error.
   *
   * @param done the request was taken: show {@code message} instead of the form's intro
   */
  public record Subscribe(
      SiteChrome chrome,
      String error,
      String message,
      boolean done,
      String email,
      String edition,
      String frequency) {

    public boolean editionIs(String code) {
      return code.equals(edition);
    }

    public boolean frequencyIs(String code) {
      return code.equals(frequency);
    }
  }

  /**
   * A confirmation link: the button while it is valid ({@code token} set), then what happened.
   *
   * @param question what pressing the button subscribes to, or null
   * @param error why the link does nothing, or null
   */
  public record Confirm(
      SiteChrome chrome, String token, String question, String message, String error) {}

  /**
   * An unsubscribe link: the button while there is someone to unsubscribe ({@code token} set), then
   * what happened.
   */
  public record Unsubscribe(
      SiteChrome chrome,
      String token,
      String message,
      String error,
      String frequency,
      boolean askEmail) {
    public Unsubscribe(SiteChrome chrome, String token, String message, String error) {
      this(chrome, token, message, error, null, false);
    }
  }
}

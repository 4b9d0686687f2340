package org.samizdat.revenue;

/** A webhook that is forged, too old, or not readable. Answered with 400 and never processed. */
public class WebhookRejected extends Exception {
  public WebhookRejected(String message) {
    super(message);
  }

  public WebhookRejected(String message, Throwable cause) {
    super(message, cause);
  }
}

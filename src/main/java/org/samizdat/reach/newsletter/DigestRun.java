package org.samizdat.reach.newsletter;

import org.samizdat.platform.i18n.Language;

/** What one look at one edition's issue did. */
public record DigestRun(
    DigestFrequency frequency, Language language, Outcome outcome, int articles, int recipients) {

  public enum Outcome {
    /** queued for every confirmed subscriber */
    SENT,
    /** nothing was published since the last issue */
    NOTHING_NEW,
    /** its time of day has not come yet */
    NOT_DUE,
    /** this period's issue was already sent (or found nothing new at its time) */
    ALREADY_SENT,
    /** another node is sending it right now */
    BUSY
  }

  /** One line for the newsroom, in English like the rest of the newsroom. */
  public String describe() {
    String edition = frequency.code() + " " + language.nativeName() + " digest";
    return switch (outcome) {
      case SENT ->
          "The "
              + edition
              + " with "
              + articles
              + " article(s) is queued for "
              + recipients
              + " subscriber(s).";
      case NOTHING_NEW ->
          "The " + edition + " was not sent: nothing new was published since the last one.";
      case NOT_DUE -> "The " + edition + " is not due yet.";
      case ALREADY_SENT ->
          "The "
              + edition
              + " of this "
              + (frequency == DigestFrequency.DAILY ? "day" : "week")
              + " was already sent.";
      case BUSY -> "The " + edition + " is being sent by another server right now.";
    };
  }
}

package org.samizdat.reach.newsletter;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When digests go out and how long a request waits for its confirmation.
 *
 * @param sendAt the time of day (HH:mm, in the newsroom's time zone, samizdat.time-zone) digests go
 *     out
 * @param weeklyOn the day the weekly digest goes out
 * @param poll how often each node checks whether a digest is due (a missed time is caught up the
 *     same day)
 * @param confirmationLifetime how long a confirmation link works; unconfirmed requests are deleted
 *     after it
 * @param resendAfter the least time between two confirmation e-mails to one address
 * @param maxArticles the most articles listed in one issue; the rest are counted with a link to the
 *     site
 */
@ConfigurationProperties("samizdat.reach.newsletter")
record NewsletterSettings(
    @DefaultValue("07:00") String sendAt,
    @DefaultValue("MONDAY") DayOfWeek weeklyOn,
    @DefaultValue("1m") Duration poll,
    @DefaultValue("7d") Duration confirmationLifetime,
    @DefaultValue("1h") Duration resendAfter,
    @DefaultValue("50") int maxArticles) {

  NewsletterSettings {
    try {
      LocalTime.parse(sendAt.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "samizdat.reach.newsletter.send-at must be a time of day like 07:00, not '"
              + sendAt
              + "'.",
          e);
    }
    sendAt = sendAt.trim();
    if (confirmationLifetime.isNegative() || confirmationLifetime.isZero()) {
      throw new IllegalArgumentException(
          "samizdat.reach.newsletter.confirmation-lifetime must be positive, like 7d.");
    }
    if (maxArticles < 1) {
      throw new IllegalArgumentException(
          "samizdat.reach.newsletter.max-articles must be at least 1, not " + maxArticles + ".");
    }
  }

  LocalTime sendTime() {
    return LocalTime.parse(sendAt);
  }
}

package org.samizdat.platform.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox sends. The SMTP server itself is Spring Boot's {@code spring.mail.*}; without
 * {@code spring.mail.host} mails are written to files instead (see {@link OutboxSender}).
 *
 * @param from the sender address; the newsroom's name is shown as the sender's name
 * @param sendInterval how long the sender rests between looks at the outbox
 * @param ratePerMinute the most mails this node hands to the SMTP server in any minute
 * @param maxAttempts attempts before a mail is given up and logged as an error
 */
@ConfigurationProperties("samizdat.mail")
record MailSettings(
    @DefaultValue("newsroom@localhost") String from,
    @DefaultValue("5s") Duration sendInterval,
    @DefaultValue("120") int ratePerMinute,
    @DefaultValue("8") int maxAttempts) {

  MailSettings {
    try {
      new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "samizdat.mail.from (SAMIZDAT_MAIL_FROM) must be one e-mail address like"
              + " newsroom@example.org, not '"
              + from
              + "': "
              + e.getMessage(),
          e);
    }
    if (from.contains("<") || from.contains(",")) {
      throw new IllegalArgumentException(
          "samizdat.mail.from (SAMIZDAT_MAIL_FROM) must be a bare address like"
              + " newsroom@example.org, not '"
              + from
              + "'; the newsroom's name (SAMIZDAT_NAME) is added as the sender's name.");
    }
    if (ratePerMinute < 1) {
      throw new IllegalArgumentException(
          "samizdat.mail.rate-per-minute must be at least 1, not " + ratePerMinute + ".");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "samizdat.mail.max-attempts must be at least 1, not " + maxAttempts + ".");
    }
  }
}

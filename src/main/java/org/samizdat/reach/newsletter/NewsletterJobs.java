package org.samizdat.reach.newsletter;

import org.samizdat.platform.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs on every node; the claims in {@link Digests} and plain deletes make that safe. */
@Component
class NewsletterJobs {

  private static final Logger log = LoggerFactory.getLogger(NewsletterJobs.class);

  private final Digests digests;
  private final NewsletterSubscriptions subscriptions;

  NewsletterJobs(Digests digests, NewsletterSubscriptions subscriptions) {
    this.digests = digests;
    this.subscriptions = subscriptions;
  }

  @Scheduled(
      fixedDelayString = "${samizdat.reach.newsletter.poll:1m}",
      initialDelayString = "${samizdat.reach.newsletter.poll:1m}")
  void sendDueDigests() {
    for (DigestFrequency frequency : DigestFrequency.values()) {
      for (Language language : Language.values()) {
        try {
          digests.sendIfDue(frequency, language);
        } catch (RuntimeException e) {
          log.error(
              "Could not send the {} {} newsletter (will try again at the next poll, samizdat.reach.newsletter.poll):"
                  + " {}",
              frequency.code(),
              language.code(),
              e.getMessage(),
              e);
        }
      }
    }
  }

  @Scheduled(
      fixedDelayString = "${samizdat.reach.newsletter.expiry-poll:1h}",
      initialDelayString = "2m")
  void deleteUnconfirmed() {
    try {
      subscriptions.expire();
    } catch (RuntimeException e) {
      log.error(
          "Could not delete expired newsletter requests (will try again within the hour): {}",
          e.getMessage());
    }
  }
}

package org.samizdat.publishing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs on every node; the claim in {@link Publishing#publishDue()} makes it exactly-once. */
@Component
class ScheduledPublisher {

  private static final Logger log = LoggerFactory.getLogger(ScheduledPublisher.class);
  private final Publishing publishing;

  ScheduledPublisher(Publishing publishing) {
    this.publishing = publishing;
  }

  @Scheduled(
      fixedDelayString = "${samizdat.publishing.schedule-poll:15s}",
      initialDelayString = "${samizdat.publishing.schedule-first-poll:5s}")
  void publishDue() {
    try {
      int n = publishing.publishDue();
      if (n > 0) {
        log.info("Published {} scheduled article(s)", n);
      }
    } catch (RuntimeException e) {
      log.error("Could not publish scheduled articles (will try again): {}", e.getMessage());
    }
  }
}

package org.samizdat.revenue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies events that arrived before what they refer to. Most are applied the moment their checkout
 * lands; this catches the rest (two deliveries racing on different nodes).
 */
@Component
class UnmatchedEventRetry {

  private static final Logger log = LoggerFactory.getLogger(UnmatchedEventRetry.class);
  private final PaymentEventProcessor processor;

  UnmatchedEventRetry(PaymentEventProcessor processor) {
    this.processor = processor;
  }

  @Scheduled(
      fixedDelayString = "${samizdat.revenue.unmatched-retry:60s}",
      initialDelayString = "30s")
  void retry() {
    try {
      int applied = processor.retryUnmatched();
      if (applied > 0) {
        log.info("Applied {} payment event(s) that had been waiting for their checkout", applied);
      }
    } catch (RuntimeException e) {
      log.warn("Could not retry waiting payment events: {}", e.getMessage());
    }
  }
}

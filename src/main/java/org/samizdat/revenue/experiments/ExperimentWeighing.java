package org.samizdat.revenue.experiments;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes the running experiments' shares every few minutes. Every node asks; the one that takes
 * the database's lock does it, and the others find the work already done.
 */
@Component
class ExperimentWeighing {

  private static final Logger log = LoggerFactory.getLogger(ExperimentWeighing.class);

  private final Experiments experiments;
  private final Duration interval;

  ExperimentWeighing(
      Experiments experiments,
      @Value("${samizdat.revenue.experiments.reweigh-interval:5m}") Duration interval) {
    this.experiments = experiments;
    this.interval = interval;
  }

  @Scheduled(
      fixedDelayString = "${samizdat.revenue.experiments.reweigh-poll:30s}",
      initialDelayString = "20s")
  void run() {
    try {
      int weighed = experiments.reweighIfDue(interval);
      if (weighed > 0) {
        log.info("Experiments: new traffic shares published for {} running experiment(s)", weighed);
      }
    } catch (RuntimeException e) {
      log.warn("Experiments: could not recompute traffic shares: {}", e.getMessage());
    }
  }
}

package org.samizdat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, forwards only (the outbox's back-off, rate limits and the digests
 * expect time to pass, not reverse), so nothing is tested by sleeping.
 */
public final class MutableClock extends TestClock {

  private final AtomicReference<Instant> now;

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  public void moveTo(Instant instant) {
    now.updateAndGet(
        t -> {
          if (instant.isBefore(t)) {
            throw new IllegalArgumentException(
                "The test clock only moves forwards: it is " + t + ", not " + instant);
          }
          return instant;
        });
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}

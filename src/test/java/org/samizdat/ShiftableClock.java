package org.samizdat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, which a test may move forwards by hand: time passes as usual (for apps whose
 * every step needs a later instant than the one before), and "a while later" takes no waiting.
 */
public final class ShiftableClock extends TestClock {

  private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("The test clock only moves forwards, not by " + duration);
    }
    shift.updateAndGet(s -> s.plus(duration));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift.get());
  }
}

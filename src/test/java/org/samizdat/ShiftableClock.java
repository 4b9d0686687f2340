package org.samizdat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, which a test may move forwards by hand: time passes as usual (for apps whose
 * every step needs a later instant than the one before), and "a while later" takes no waiting.
 */
public final class ShiftableClock extends Clock {

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

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    ShiftableClock source = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return source.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return source.withZone(other);
      }
    };
  }
}

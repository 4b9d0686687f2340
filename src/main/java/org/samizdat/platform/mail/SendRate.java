package org.samizdat.platform.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most N mails in any sixty seconds, counted over a sliding window rather than a token bucket so
 * that a relay enforcing "N per minute" never sees N + 1, whatever the timing.
 */
final class SendRate {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();

  SendRate(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** How many mails may go now. */
  synchronized int available() {
    Instant windowStart = clock.instant().minus(WINDOW);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
      recent.removeFirst();
    }
    return perMinute - recent.size();
  }

  /** One mail went to the relay (accepted or not: either way it cost the relay a connection). */
  synchronized void record() {
    recent.addLast(clock.instant());
  }
}

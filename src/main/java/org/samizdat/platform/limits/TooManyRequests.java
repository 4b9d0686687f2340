package org.samizdat.platform.limits;

import java.time.Duration;

/** A form was used too often; nothing was done. Answer 429 and say when to try again. */
public class TooManyRequests extends RuntimeException {

  private final Duration retryAfter;

  public TooManyRequests(Duration retryAfter) {
    super("Too many requests; try again in " + retryAfter.toSeconds() + " s.");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whole minutes, at least one: what a reader is told. */
  public long retryAfterMinutes() {
    return Math.max(1, (retryAfter.toSeconds() + 59) / 60);
  }
}

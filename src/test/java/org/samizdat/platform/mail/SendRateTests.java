package org.samizdat.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.samizdat.MutableClock;

class SendRateTests {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final SendRate rate = new SendRate(3, clock);

  @Test
  void noMoreThanTheRateGoesOutInAnySixtySeconds() {
    assertThat(rate.available()).isEqualTo(3);
    rate.record();
    clock.advance(Duration.ofSeconds(30));
    rate.record();
    rate.record();
    assertThat(rate.available()).isZero();

    clock.advance(Duration.ofSeconds(29));
    assertThat(rate.available()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(rate.available()).as("the first send is a minute old").isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(rate.available()).isEqualTo(3);
  }
}

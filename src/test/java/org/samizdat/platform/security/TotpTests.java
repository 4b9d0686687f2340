package org.samizdat.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTests {

  static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void codesAreTheLastSixDigitsOfRfc6238sSha1TestVectors() {
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109))))
        .isEqualTo("081804");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111111))))
        .isEqualTo("050471");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890))))
        .isEqualTo("005924");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000))))
        .isEqualTo("279037");
  }

  @Test
  void aCodeMatchesWithinOneStepEitherWayAndNoFurther() {
    Instant now = Instant.ofEpochSecond(1_800_000_015);
    long step = Totp.step(now);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step), now)).hasValue(step);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now))
        .hasValue(step - 1);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now))
        .hasValue(step + 1);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, "12345", now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, "abcdef", now)).isEmpty();
    String spaced = Totp.code(RFC_SECRET, step).replaceAll("(...)(...)", "$1 $2");
    assertThat(Totp.matchingStep(RFC_SECRET, spaced, now)).hasValue(step);
  }

  @Test
  void base32IsRfc4648sAlphabetWithoutPadding() {
    assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Totp.fromBase32("mzxw 6ytb oi=="))
        .isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    assertThat(Totp.fromBase32(Totp.base32(RFC_SECRET))).isEqualTo(RFC_SECRET);
  }
}

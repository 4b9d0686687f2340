package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExportProgressTests {

  @Test
  void rateAndTimeLeftFollowFromWhatIsDoneAndWhatIsKnown() {
    ExportProgress p = new ExportProgress(1_000, 5_000, Duration.ofSeconds(10));
    assertThat(p.perSecond()).isEqualTo(100.0);
    assertThat(p.left()).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.percent()).isEqualTo(20);
    assertThat(p.summary()).isEqualTo("1,000 of 5,000 files (20%), 100 a second, about 40 s left");
  }

  @Test
  void beforeTheFirstSecondThereIsNoRateAndNoGuess() {
    ExportProgress p = new ExportProgress(3, 90, Duration.ofMillis(400));
    assertThat(p.perSecond()).isZero();
    assertThat(p.left()).isNull();
    assertThat(p.summary()).isEqualTo("3 of 90 files (3%), 0 a second");
  }

  @Test
  void longWaitsAreSaidInMinutesAndHours() {
    assertThat(new ExportProgress(600, 100_600, Duration.ofSeconds(60)).summary())
        .endsWith("about 2 h 47 min left");
    assertThat(ExportProgress.words(Duration.ofSeconds(150))).isEqualTo("3 min");
    assertThat(new ExportProgress(0, 0, Duration.ZERO).percent()).isZero();
    assertThat(new ExportProgress(301, 301, Duration.ofSeconds(9)).summary())
        .isEqualTo("301 of 301 files (100%), 33 a second, done in 9 s");
  }
}

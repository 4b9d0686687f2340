package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.samizdat.reach.MirrorStatus;

/** The health check against pretend mirrors on 127.0.0.1. */
class MirrorProbeTests {

  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final MirrorProbe.Latest LATEST =
      new MirrorProbe.Latest(
          "/2025/03/01/court-frees-blogger", "Court frees blogger & editor", "/feed.rss");

  final MirrorProbe probe =
      new MirrorProbe(
          Duration.ofMillis(1500), Clock.fixed(NOW, ZoneOffset.UTC), Outbound.of("", true));
  LoopbackSite site;

  @AfterEach
  void stop() {
    if (site != null) {
      site.close();
    }
  }

  @Test
  void aMirrorWithTheNewestArticleIsUp() {
    site =
        new LoopbackSite()
            .page("/", "<h1>Front</h1>")
            .page(
                LATEST.path(),
                "<html><body><h1>Court frees blogger &amp; editor</h1></body></html>");
    MirrorProbe.Finding f = probe.check(site.url(), LATEST);
    assertThat(f.status()).isEqualTo(MirrorStatus.UP);
    assertThat(f.servesLatest()).isTrue();
    assertThat(f.latencyMillis()).isNotNull().isBetween(0, 1500);
    assertThat(f.checkedAt()).isEqualTo(NOW);
    assertThat(f.problem()).isNull();
  }

  @Test
  void aStaticMirrorWhoseFeedListsTheNewestArticleIsUp() {
    site =
        new LoopbackSite()
            .page("/", "<h1>Front</h1>")
            .page(
                "/feed.rss",
                "<rss><channel><item><title>Court frees blogger &amp; editor</title>"
                    + "<link>https://samizdat.example/2025/03/01/court-frees-blogger</link></item></channel></rss>");
    assertThat(probe.check(site.url(), LATEST).status()).isEqualTo(MirrorStatus.UP);
  }

  @Test
  void aMirrorWithOldContentIsStaleAndSaysWhatItLacks() {
    site =
        new LoopbackSite()
            .page("/", "<h1>Front</h1>")
            .page(LATEST.path(), "<h1>Something else</h1>")
            .page(
                "/feed.rss",
                "<rss><channel><item><title>Last week's news</title></item></channel></rss>");
    MirrorProbe.Finding f = probe.check(site.url(), LATEST);
    assertThat(f.status()).isEqualTo(MirrorStatus.STALE);
    assertThat(f.servesLatest()).isFalse();
    assertThat(f.latencyMillis()).isNotNull();
    assertThat(f.problem()).contains("Court frees blogger & editor").contains(LATEST.path());
  }

  @Test
  void aMirrorNobodyAnswersForIsDown() {
    MirrorProbe.Finding f = probe.check(LoopbackSite.nobodyListening(), LATEST);
    assertThat(f.status()).isEqualTo(MirrorStatus.DOWN);
    assertThat(f.latencyMillis()).isNull();
    assertThat(f.servesLatest()).isNull();
    assertThat(f.problem()).startsWith("Front page did not answer");
  }

  @Test
  void aMirrorAnsweringWithAnErrorIsDown() {
    site = new LoopbackSite().page("/", "Bad gateway").frontStatus(502);
    MirrorProbe.Finding f = probe.check(site.url(), LATEST);
    assertThat(f.status()).isEqualTo(MirrorStatus.DOWN);
    assertThat(f.problem()).isEqualTo("Front page answered 502 instead of 200.");
  }

  @Test
  void aMirrorTooSlowToAnswerIsDown() {
    site = new LoopbackSite().page("/", "<h1>Front</h1>").delay(3_000);
    MirrorProbe.Finding f = probe.check(site.url(), LATEST);
    assertThat(f.status()).isEqualTo(MirrorStatus.DOWN);
    assertThat(f.problem()).contains("no answer within");
  }

  @Test
  void withNothingLiveAnAnsweringMirrorIsUpWithNothingToCompare() {
    site = new LoopbackSite().page("/", "<h1>Front</h1>");
    MirrorProbe.Finding f = probe.check(site.url(), null);
    assertThat(f.status()).isEqualTo(MirrorStatus.UP);
    assertThat(f.servesLatest()).isNull();
  }
}

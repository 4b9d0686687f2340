package org.samizdat.reach.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samizdat.reach.Mirror;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.MirrorStatus;

class NewsletterUnitTests {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  @Test
  void theDailyIssueIsForTheNewsroomsDayAndDueAtItsTimeThere() {
    Instant lateSundayInUtc = Instant.parse("2027-02-28T22:30:00Z"); // 01:30 on Monday in Moscow
    assertThat(Digests.period(DigestFrequency.DAILY, lateSundayInUtc, MOSCOW, DayOfWeek.MONDAY))
        .isEqualTo(LocalDate.of(2027, 3, 1));
    assertThat(Digests.dueAt(LocalDate.of(2027, 3, 1), LocalTime.of(7, 0), MOSCOW))
        .isEqualTo(Instant.parse("2027-03-01T04:00:00Z"));
  }

  @Test
  void theWeeklyIssueBelongsToTheWeekStartingOnItsDay() {
    Instant wednesday = Instant.parse("2027-03-03T12:00:00Z");
    assertThat(Digests.period(DigestFrequency.WEEKLY, wednesday, MOSCOW, DayOfWeek.MONDAY))
        .isEqualTo(LocalDate.of(2027, 3, 1));
    assertThat(Digests.period(DigestFrequency.WEEKLY, wednesday, MOSCOW, DayOfWeek.WEDNESDAY))
        .isEqualTo(LocalDate.of(2027, 3, 3));
    assertThat(Digests.period(DigestFrequency.WEEKLY, wednesday, MOSCOW, DayOfWeek.THURSDAY))
        .isEqualTo(LocalDate.of(2027, 2, 25));
  }

  @Test
  void everyIssueNamesTheMirrorsThatAreNotDownAndTheOnionAddress() {
    Instant now = Instant.parse("2027-03-03T12:00:00Z");
    String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    MirrorList list =
        new MirrorList(
            List.of(
                new Mirror("https://up.example.net", MirrorStatus.UP, 120, now, true, null),
                new Mirror(
                    "https://down.example.net", MirrorStatus.DOWN, null, now, null, "timed out"),
                new Mirror(
                    "https://behind.example.net/courier",
                    MirrorStatus.STALE,
                    300,
                    now,
                    false,
                    null),
                new Mirror(
                    "https://new.example.net", MirrorStatus.UNCHECKED, null, null, null, null)),
            onion,
            now);
    assertThat(NewsletterMail.readerAddresses(list))
        .containsExactly(
            "https://up.example.net",
            "https://behind.example.net/courier",
            "https://new.example.net",
            "http://" + onion);
    assertThat(NewsletterMail.readerAddresses(new MirrorList(List.of(), null, now))).isEmpty();
  }

  @Test
  void aSendTimeThatIsNotATimeOfDayStopsStartUp() {
    assertThatThrownBy(
            () ->
                new NewsletterSettings(
                    "7am",
                    DayOfWeek.MONDAY,
                    Duration.ofMinutes(1),
                    Duration.ofDays(7),
                    Duration.ofHours(1),
                    50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("07:00");
    assertThat(
            new NewsletterSettings(
                    " 06:30 ",
                    DayOfWeek.MONDAY,
                    Duration.ofMinutes(1),
                    Duration.ofDays(7),
                    Duration.ofHours(1),
                    50)
                .sendTime())
        .isEqualTo(LocalTime.of(6, 30));
  }

  @Test
  void theTextIssueListsEachStoryWithItsAddressThenTheMirrorsThenHowToUnsubscribe() {
    DigestView view =
        new DigestView(
            "en",
            "Subject",
            "Courier",
            "https://c.example/",
            "Daily digest, 1 March 2027",
            List.of(
                new DigestView.Item(
                    "First", "Why it matters", "https://c.example/2027/03/01/first"),
                new DigestView.Item("Second", "", "https://c.example/2027/03/01/second")),
            "3 more new stories are on our site:",
            "https://c.example/",
            "If blocked:",
            List.of("https://m.example.net"),
            "You get this because you subscribed.",
            "Unsubscribe at once:",
            "Unsubscribe",
            "https://c.example/newsletter/unsubscribe/T");

    String text = NewsletterMail.text(view);

    assertThat(text)
        .isEqualTo(
            """
        Courier
        Daily digest, 1 March 2027

        First
        Why it matters
        https://c.example/2027/03/01/first

        Second
        https://c.example/2027/03/01/second

        3 more new stories are on our site:
        https://c.example/

        If blocked:
        https://m.example.net

        --\s
        You get this because you subscribed.
        Unsubscribe at once:
        https://c.example/newsletter/unsubscribe/T
        """);
    DigestView withoutMirrors =
        new DigestView(
            "en",
            "S",
            "Courier",
            "h",
            "H",
            List.of(),
            null,
            null,
            "If blocked:",
            List.of(),
            "Why",
            "Unsubscribe:",
            "Unsubscribe",
            "u");
    assertThat(NewsletterMail.text(withoutMirrors)).doesNotContain("If blocked:");
  }
}

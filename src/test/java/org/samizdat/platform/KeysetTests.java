package org.samizdat.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samizdat.platform.web.BadRequestException;

class KeysetTests {

  record Row(Instant at, long id) {}

  private static String key(Row r) {
    return Keyset.token(r.at(), r.id());
  }

  private static final Instant T = Instant.parse("2019-03-04T10:15:30.123456Z");

  @Test
  void aLinkCarriesTheKeyInWordsAndReadsItBackToTheMicrosecond() {
    String token = Keyset.token(T, 4711);
    assertThat(token).isEqualTo("2019-03-04T10:15:30.123456Z,4711");
    Keyset older = Keyset.of(token, null, false);
    assertThat(older.direction()).isEqualTo(Keyset.Direction.OLDER);
    assertThat(older.at()).isEqualTo(T);
    assertThat(older.id()).isEqualTo(4711);
    assertThat(older.descending()).isTrue();
    Keyset newer = Keyset.of(null, token, false);
    assertThat(newer.direction()).isEqualTo(Keyset.Direction.NEWER);
    assertThat(newer.descending()).isFalse();
    assertThat(Keyset.of(null, "", true)).isEqualTo(Keyset.OLDEST);
    assertThat(Keyset.of(" ", null, false)).isEqualTo(Keyset.NEWEST);
  }

  @Test
  void aDamagedLinkIsABadRequest() {
    for (String bad :
        List.of(
            "yesterday",
            "2019-03-04T10:15:30Z",
            "2019-03-04T10:15:30Z,x",
            "2019-03-04T10:15:30Z,99999999999999999999",
            "+1000000000-01-01T00:00:00Z,1",
            "x".repeat(200))) {
      assertThatThrownBy(() -> Keyset.of(bad, null, false))
          .as(bad)
          .isInstanceOf(BadRequestException.class);
    }
  }

  @Test
  void aPageKnowsItsNeighboursFromOneRowMoreThanItShows() {
    Row a = new Row(T, 5);
    Row b = new Row(T, 4);
    Row c = new Row(T.minusSeconds(1), 9);
    // the newest page, read newest first, with one row to spare: there are older ones
    Keyset.Slice<Row> first = Keyset.NEWEST.slice(List.of(a, b, c), 2, 3, KeysetTests::key);
    assertThat(first.items()).containsExactly(a, b);
    assertThat(first.hasNewer()).isFalse();
    assertThat(first.newerKey()).isNull();
    assertThat(first.hasOlder()).isTrue();
    assertThat(first.olderKey()).isEqualTo(key(b));
    // the rows newer than c, read oldest first and turned round: nothing newer beyond them
    Keyset.Slice<Row> back =
        new Keyset(Keyset.Direction.NEWER, c.at(), c.id())
            .slice(List.of(b, a), 2, 3, KeysetTests::key);
    assertThat(back.items()).containsExactly(a, b);
    assertThat(back.hasNewer()).isFalse();
    assertThat(back.hasOlder()).isTrue();
    // the oldest page
    Keyset.Slice<Row> last = Keyset.OLDEST.slice(List.of(c, b, a), 2, 3, KeysetTests::key);
    assertThat(last.items()).containsExactly(b, c);
    assertThat(last.hasOlder()).isFalse();
    assertThat(last.hasNewer()).isTrue();
    assertThat(last.newerKey()).isEqualTo(key(b));
  }

  @Test
  void theCountSaysMoreThanTenThousandPastItsCap() {
    Keyset.Slice<Row> capped = Keyset.NEWEST.slice(List.of(), 25, 10_001, KeysetTests::key);
    assertThat(capped.capped()).isTrue();
    assertThat(capped.countText("article", "articles")).isEqualTo("More than 10,000 articles");
    Keyset.Slice<Row> exact = Keyset.NEWEST.slice(List.of(), 25, 10_000, KeysetTests::key);
    assertThat(exact.countText("article", "articles")).isEqualTo("10000 articles");
    assertThat(
            Keyset.NEWEST.slice(List.of(), 25, 1, KeysetTests::key).countText("entry", "entries"))
        .isEqualTo("1 entry");
  }
}

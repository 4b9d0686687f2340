package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.samizdat.publishing.TsQueryText.And;
import org.samizdat.publishing.TsQueryText.Not;
import org.samizdat.publishing.TsQueryText.Nothing;
import org.samizdat.publishing.TsQueryText.Or;
import org.samizdat.publishing.TsQueryText.Word;

/** Queries as PostgreSQL prints them (websearch_to_tsquery(...)::text), read back as trees. */
class TsQueryTextTests {

  @Test
  void readsWordsAndOrNotWithPostgresqlsPrecedence() {
    // websearch_to_tsquery('english', 'a or b c or -d')
    assertThat(TsQueryText.parse("'b' & 'c' | !'d'"))
        .contains(new Or(new And(new Word("b"), new Word("c")), new Not(new Word("d"))));
    assertThat(TsQueryText.parse("'a' | 'b' & 'c'"))
        .contains(new Or(new Word("a"), new And(new Word("b"), new Word("c"))));
    assertThat(TsQueryText.parse("( 'a' | 'b' ) & !( 'c' & 'd' )"))
        .contains(
            new And(
                new Or(new Word("a"), new Word("b")),
                new Not(new And(new Word("c"), new Word("d")))));
    assertThat(TsQueryText.parse("!!'a'")).contains(new Not(new Not(new Word("a"))));
  }

  @Test
  void readsQuotesAndBackslashesInsideWords() {
    assertThat(TsQueryText.parse("'it''s'")).contains(new Word("it's"));
    assertThat(TsQueryText.parse("'a\\\\b'")).contains(new Word("a\\b"));
    assertThat(TsQueryText.parse("'слово' & 'ещё'"))
        .contains(new And(new Word("слово"), new Word("ещё")));
  }

  @Test
  void anEmptyQueryMatchesNothing() {
    assertThat(TsQueryText.parse("")).contains(new Nothing());
    assertThat(TsQueryText.parse(" ")).contains(new Nothing());
    assertThat(TsQueryText.parse(null)).contains(new Nothing());
  }

  @Test
  void leavesPhrasesPrefixesWeightsAndAnythingElseToPostgresql() {
    assertThat(TsQueryText.parse("'o' <-> 'neil'")).isEmpty();
    assertThat(TsQueryText.parse("'b' & 'p' <2> 'q'")).isEmpty();
    assertThat(TsQueryText.parse("'vote':*")).isEmpty();
    assertThat(TsQueryText.parse("'vote':AB")).isEmpty();
    assertThat(TsQueryText.parse("'unterminated")).isEmpty();
    assertThat(TsQueryText.parse("( 'a' | 'b'")).isEmpty();
    assertThat(TsQueryText.parse("'a' 'b'")).isEmpty();
    assertThat(TsQueryText.parse("a & b")).isEmpty();
  }
}

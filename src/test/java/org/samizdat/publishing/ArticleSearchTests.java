package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArticleSearchTests {

  @Test
  void normalizeTrimsAndCollapsesBlanks() {
    assertThat(ArticleSearch.normalize("  press \t freedom\n ")).isEqualTo("press freedom");
    assertThat(ArticleSearch.normalize("the and of ".repeat(40)).split(" "))
        .as("a hostile query of many words is cut to a few")
        .hasSize(ArticleSearch.MAX_TERMS);
    assertThat(ArticleSearch.normalize(null)).isEmpty();
    assertThat(ArticleSearch.normalize(" \u00a0 ")).isEmpty();
  }

  @Test
  void normalizeRemovesControlCharactersIncludingNul() {
    assertThat(ArticleSearch.normalize("a\u0000b\u0001c\u007f")).isEqualTo("a b c");
  }

  @Test
  void normalizeCutsLongQueriesWithoutSplittingACharacter() {
    assertThat(ArticleSearch.normalize("x".repeat(5000))).hasSize(ArticleSearch.MAX_QUERY_LENGTH);
    String emoji = "\uD83D\uDD25"; // one character, two chars in Java
    String cut = ArticleSearch.normalize(emoji.repeat(300));
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(ArticleSearch.MAX_QUERY_LENGTH);
    assertThat(cut).isEqualTo(emoji.repeat(ArticleSearch.MAX_QUERY_LENGTH));
  }

  @Test
  void normalizeDropsHalvesOfBrokenSurrogatePairs() {
    assertThat(ArticleSearch.normalize("a\uD83Db")).isEqualTo("ab");
  }

  @Test
  void normalizeKeepsWhatWebsearchUnderstands() {
    assertThat(ArticleSearch.normalize("\"press freedom\" or -censorship"))
        .isEqualTo("\"press freedom\" or -censorship");
  }
}

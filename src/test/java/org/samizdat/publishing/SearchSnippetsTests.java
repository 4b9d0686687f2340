package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchSnippetsTests {

  private static final String S = String.valueOf(SearchSnippets.START);
  private static final String E = String.valueOf(SearchSnippets.STOP);

  @Test
  void marksTheWordsPostgresqlMarked() {
    assertThat(
            SearchSnippets.toHtml(
                "Journalists " + S + "protested" + E + " outside the " + S + "ministry" + E))
        .isEqualTo("Journalists <mark>protested</mark> outside the <mark>ministry</mark>");
  }

  @Test
  void escapesEverythingElseSoArticleTextCannotBecomeMarkup() {
    String html =
        SearchSnippets.toHtml("a <script>alert(1)</script> \"q\" 'x' & " + S + "<b>bold</b>" + E);
    assertThat(html)
        .isEqualTo(
            "a &lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;x&#39; &amp; <mark>&lt;b&gt;bold&lt;/b&gt;</mark>");
  }

  @Test
  void decodesTheArticleHtmlsEntitiesOnceBeforeEscaping() {
    // body_html has "&lt;script&gt;" for text the author wrote as "<script>", and "&amp;lt;" for
    // "&lt;"
    assertThat(SearchSnippets.toHtml("AT&amp;T &lt;script&gt; &amp;lt; &nbsp;x"))
        .isEqualTo("AT&amp;T &lt;script&gt; &amp;lt; \u00a0x");
  }

  @Test
  void unbalancedOrNestedMarkersStillGiveWellFormedHtml() {
    assertThat(SearchSnippets.toHtml(E + "a" + S + S + "b" + E + E + "c" + S + "d"))
        .isEqualTo("a<mark>b</mark>c<mark>d</mark>");
    assertThat(SearchSnippets.toHtml(S + E + "x")).isEqualTo("x");
  }

  @Test
  void markersSmuggledInAsEntitiesAreDropped() {
    assertThat(SearchSnippets.toHtml("a&#1;b&#2;c")).isEqualTo("abc");
  }

  @Test
  void collapsesTheBlanksLeftWhereTagsWere() {
    assertThat(SearchSnippets.toHtml("  Heading \n\n  Body   text  "))
        .isEqualTo("Heading Body text");
    assertThat(SearchSnippets.toHtml(null)).isEmpty();
  }

  @Test
  void aPassageCutMidSentenceEndsInAnEllipsis() {
    assertThat(SearchSnippets.endingCut("the ministry <mark>refused</mark> to"))
        .isEqualTo("the ministry <mark>refused</mark> to…");
    assertThat(SearchSnippets.endingCut("they <mark>protested</mark>"))
        .isEqualTo("they <mark>protested</mark>…");
    assertThat(SearchSnippets.endingCut("It ended.")).isEqualTo("It ended.");
    assertThat(SearchSnippets.endingCut("«Нет», — сказал он.")).isEqualTo("«Нет», — сказал он.");
    assertThat(SearchSnippets.endingCut("")).isEmpty();
  }
}

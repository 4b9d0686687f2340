package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownRendererTests {

  private final MarkdownRenderer renderer = new MarkdownRenderer();

  @Test
  void rendersMarkdownStructure() {
    String html =
        renderer.toSafeHtml(
            "## Heading\n\nSome *emphasis* and [a link](/about).\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    assertThat(html)
        .contains(
            "<h2>Heading</h2>",
            "<em>emphasis</em>",
            "<a href=\"/about\">a link</a>",
            "<blockquote>",
            "<table>");
  }

  @Test
  void removesScriptsEventHandlersAndJavascriptUrls() {
    String html =
        renderer.toSafeHtml(
            """
        Hello <script>alert(1)</script>
        <img src="x.png" onerror="alert(2)">
        <a href="javascript:alert(3)">click</a>
        [md link](javascript:alert(4))
        <iframe src="https://evil.example"></iframe>
        <div style="background:url(javascript:alert(5))" onclick="alert(6)">x</div>
        <svg onload="alert(7)"></svg>
        """);
    assertThat(html)
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("onerror")
        .doesNotContainIgnoringCase("javascript:")
        .doesNotContainIgnoringCase("<iframe")
        .doesNotContainIgnoringCase("onclick")
        .doesNotContainIgnoringCase("onload")
        .doesNotContainIgnoringCase("style=")
        .doesNotContainIgnoringCase("<svg");
    assertThat(html).contains("Hello");
  }

  @Test
  void externalLinksLeakNoReferrer() {
    assertThat(renderer.toSafeHtml("[x](https://example.org/page)"))
        .contains("rel=\"noopener noreferrer\"");
  }

  @Test
  void tableAlignmentBecomesAClassAndImagesAlwaysHaveAlt() {
    String html =
        renderer.toSafeHtml("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<img src=\"/media/x.jpg\">\n");
    assertThat(html)
        .doesNotContain("align=")
        .contains("class=\"align-left\"")
        .contains("class=\"align-right\"");
    assertThat(html).contains("alt=\"\"");
  }

  @Test
  void emptyBodyGivesEmptyHtml() {
    assertThat(renderer.toSafeHtml("")).isEmpty();
    assertThat(renderer.toSafeHtml(null)).isEmpty();
  }
}

package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.samizdat.publishing.MarkdownRenderer;

/** What survives a paste from Google Docs, Word and web pages, and what does not. */
class PastedHtmlTests {

  /** Roughly what Google Docs puts on the clipboard (styles shortened). */
  static final String GOOGLE_DOCS =
      """
      <meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c4d-7fff-1234-5678-9abcdef01234">\
      <h1 dir="ltr" style="line-height:1.38;margin-top:20pt"><span style="font-size:20pt;font-family:Arial;font-weight:400;">Blackout in the city</span></h1>\
      <p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:400;">Power went out at </span>\
      <span style="font-size:11pt;font-weight:700;">9 pm</span><span style="font-weight:400;"> and </span>\
      <span style="font-style:italic;font-weight:400;">nobody</span><span style="font-weight:400;"> was told. Read </span>\
      <a href="https://www.google.com/url?q=https://example.org/report?id%3D7%26utm_source%3Dnewsletter&amp;sa=D&amp;source=editors&amp;ust=1700000000000&amp;usg=AOvVaw0" style="text-decoration:none;">\
      <span style="color:#1155cc;text-decoration:underline;">the report</span></a><span>.</span></p>\
      <h2 dir="ltr"><span style="font-size:16pt;font-weight:700;">What residents said</span></h2>\
      <ul style="margin-top:0;"><li dir="ltr" style="list-style-type:disc;"><p dir="ltr"><span style="font-weight:400;">No water</span></p></li>\
      <li dir="ltr" style="list-style-type:disc;"><p dir="ltr"><span style="font-weight:400;">No lifts</span></p></li></ul>\
      <ol><li><p><span>First step</span></p></li><li><p><span>Second step</span></p></li></ol>\
      <p dir="ltr"><span style="font-weight:400;">A comment anchor</span><sup><a href="#cmnt1" id="cmnt_ref1">[a]</a></sup></p>\
      <hr><p><img src="https://lh3.googleusercontent.com/abc" width="200"></p>\
      </b><br class="Apple-interchange-newline">
      """;

  @Test
  void googleDocsKeepsHeadingsEmphasisLinksAndListsAndNothingElse() {
    String md = PastedHtml.toMarkdown(GOOGLE_DOCS);
    assertThat(md)
        .isEqualTo(
            """
            ## Blackout in the city

            Power went out at **9 pm** and *nobody* was told. Read [the report](https://example.org/report?id=7).

            ### What residents said

            - No water
            - No lifts

            1. First step
            2. Second step

            A comment anchor

            ---""");
    assertThat(md).doesNotContain("style", "span", "google.com", "utm_", "Arial", "lh3");
  }

  @Test
  void wordListsBecomeRealListsAndItsMarkupGoes() {
    String word =
        """
        <html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>
        <!--StartFragment--><p class=MsoNormal><b><span lang=EN-GB style='font-size:14.0pt'>Strike day<o:p></o:p></span></b></p>
        <p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]><span lang=EN-GB>Drivers stop at noon<o:p></o:p></span></p>
        <p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span>&nbsp;&nbsp; </span></span><![endif]><span lang=EN-GB>Metro runs until six<o:p></o:p></span></p>
        <p class=MsoNormal><i>Updated</i> at <a href="https://example.net/live?fbclid=IwAR123&amp;page=2">the live page</a><!--EndFragment--></p>
        </body></html>
        """;
    assertThat(PastedHtml.toMarkdown(word))
        .isEqualTo(
            """
            **Strike day**

            - Drivers stop at noon
            - Metro runs until six

            *Updated* at [the live page](https://example.net/live?page=2)""");
  }

  @Test
  void webPagesLoseScriptsStylesAndUnsafeLinksAndMarkdownCharactersAreEscaped() {
    String web =
        """
        <div class="article"><script>alert(1)</script><style>.x{}</style>
        <blockquote><p>They said <em>“never”</em>.</p></blockquote>
        <p><a href="javascript:alert(1)">click</a> <a href="/relative">here</a> 2*3 = [six] _maybe_</p>
        <p>1. not a list</p><p># not a heading</p>
        <p>line one<br>line two</p></div>
        """;
    assertThat(PastedHtml.toMarkdown(web))
        .isEqualTo(
            """
            > They said *“never”*.

            click here 2\\*3 = \\[six\\] \\_maybe\\_

            1\\. not a list

            \\# not a heading

            line one\\
            line two""");
  }

  @Test
  void trackingParametersAndRedirectsAreRemovedFromLinks() {
    assertThat(
            PastedHtml.cleanUrl(
                "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fa%3Futm_medium%3Dx%26b%3D1&h=AT0"))
        .isEqualTo("https://example.org/a?b=1");
    assertThat(PastedHtml.cleanUrl("https://example.org/?gclid=1&utm_campaign=x#part"))
        .isEqualTo("https://example.org/#part");
    assertThat(PastedHtml.cleanUrl("mailto:desk@example.org")).isEqualTo("mailto:desk@example.org");
    assertThat(PastedHtml.cleanUrl("data:text/html,hi")).isNull();
  }

  /** The Markdown round trip: what a paste produces renders as readers will see it. */
  @Test
  void whatAPasteProducesRendersAsTheReaderSeesIt() {
    String html = new MarkdownRenderer().toSafeHtml(PastedHtml.toMarkdown(GOOGLE_DOCS));
    assertThat(html)
        .contains(
            "<h2>Blackout in the city</h2>",
            "<strong>9 pm</strong>",
            "<em>nobody</em>",
            "<a href=\"https://example.org/report?id=7\" rel=\"noopener noreferrer\">the report</a>",
            "<h3>What residents said</h3>",
            "<ul>\n<li>No water</li>",
            "<ol>\n<li>First step</li>",
            "<hr>");
  }
}

package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.reach.export.ExportPaths.Address;

class PageRewriterTests {

  static final String BASE = "https://courier.example";
  static final String IMG = "/media/0123456789abcdef01234567";

  static final String PAGE =
      """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Story</title>
      <link rel="canonical" href="https://courier.example/2026/11/29/slug">
      <link rel="alternate" hreflang="ru" href="https://courier.example/2026/11/29/slug-ru">
      <link rel="alternate" type="application/rss+xml" title="Courier" href="/feed.rss">
      <link rel="alternate" type="application/rss+xml" title="World" href="/section/world/feed.rss">
      <meta property="og:image" content="https://courier.example/media/0123456789abcdef01234567-960.jpg">
      <script type="application/ld+json">{"url":"https://courier.example/2026/11/29/slug"}</script>
      <link rel="stylesheet" href="/css/site.css"><script src="/js/site.js" defer></script>
      </head><body>
      <a class="skip" href="#main">Skip</a>
      <aside id="support-banner"><p class="testmode-flag">TEST MODE: payments here are simulated and no money moves.</p>
        <a class="button support-button" href="/support">Support us</a></aside>
      <header><a class="brand" href="/">Courier</a><a class="lang-switch" href="/2026/11/29/slug-ru">Русский</a>
      <nav><a href="/section/world">World</a><a href="/search">Search</a></nav></header>
      <main id="main">
      <p class="kicker"><a href="/section/world">World</a></p>
      <img src="%1$s-960.jpg" srcset="%1$s-480.jpg 480w, %1$s-960.jpg 960w" alt="">
      <div class="article-body"><p><a href="/about">about</a> <a href="https://courier.example/tag/courts">courts</a>
        <a href="https://other.example/report" rel="noopener noreferrer">source</a> <a href="mailto:desk@courier.example">mail</a>
        <a href="#note">note</a> <a href="/newsroom/articles">staff</a> <a href="/section/world?page=2">older</a></p></div>
      <section class="appeal"><form class="appeal-form" method="get" action="/support/pay"><button>Continue</button></form>
      <p class="methods">Payment methods: Test card (TEST MODE: no money moves) · <a href="/support#other-ways">Other ways to give</a> · <a href="/support/safely">Giving safely</a> · <a href="/support/manage">Manage my support</a></p>
      <p class="remind"><a class="remind-later" href="/support/remind">Remind me later.</a></p></section>
      </main></body></html>
      """
          .formatted(IMG);

  private final PageRewriter rewriter =
      new PageRewriter(
          new MainSite(BASE, ""),
          a -> !a.path().startsWith("/tag/gone"),
          Map.of("Payment methods: Test card (TEST MODE: no money moves) · ", ""));

  private Document rewrite(String path, String html) {
    PageRewriter.Result result = rewriter.rewrite(Address.of(path), html);
    return Jsoup.parse(new String(result.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void internalLinksBecomeRelativeToThePagesFile() {
    Document doc = rewrite("/2026/11/29/slug", PAGE);
    assertThat(doc.select("a.brand").attr("href")).isEqualTo("../../../../index.html");
    assertThat(doc.select(".kicker a").attr("href"))
        .isEqualTo("../../../../section/world/index.html");
    assertThat(doc.select("a.lang-switch").attr("href")).isEqualTo("../slug-ru/index.html");
    assertThat(doc.select("link[rel=stylesheet]").attr("href"))
        .isEqualTo("../../../../css/site.css");
    assertThat(doc.select("script[src]").attr("src")).isEqualTo("../../../../js/site.js");
    assertThat(doc.select("main img").attr("src"))
        .isEqualTo("../../../../media/0123456789abcdef01234567-960.jpg");
    assertThat(doc.select("main img").attr("srcset"))
        .isEqualTo(
            "../../../../media/0123456789abcdef01234567-480.jpg 480w, ../../../../media/0123456789abcdef01234567-960.jpg 960w");
    assertThat(doc.select(".article-body a:contains(about)").attr("href"))
        .isEqualTo("../../../../about/index.html");
    assertThat(doc.select(".article-body a:contains(courts)").attr("href"))
        .as("an absolute link to the main domain stays inside the copy")
        .isEqualTo("../../../../tag/courts/index.html");
    assertThat(doc.select(".article-body a:contains(older)").attr("href"))
        .isEqualTo("../../../../section/world/page/2/index.html");
    assertThat(doc.select("a.skip").attr("href")).isEqualTo("#main");
    assertThat(doc.select(".article-body a:contains(note)").attr("href")).isEqualTo("#note");
  }

  @Test
  void canonicalAlternatesAndFeedsStayAbsoluteOnTheMainDomain() {
    Document doc = rewrite("/2026/11/29/slug", PAGE);
    assertThat(doc.select("link[rel=canonical]").attr("href")).isEqualTo(BASE + "/2026/11/29/slug");
    assertThat(doc.select("link[hreflang=ru]").attr("href"))
        .isEqualTo(BASE + "/2026/11/29/slug-ru");
    assertThat(doc.select("link[type=application/rss+xml]").eachAttr("href"))
        .containsExactly(BASE + "/feed.rss", BASE + "/section/world/feed.rss");
    assertThat(doc.select("meta[property=og:image]").attr("content"))
        .isEqualTo(BASE + IMG + "-960.jpg");
    assertThat(doc.select("script[type=application/ld+json]").first().data())
        .isEqualTo("{\"url\":\"https://courier.example/2026/11/29/slug\"}");
  }

  @Test
  void givingAndSearchLeadToTheMainSite() {
    Document doc = rewrite("/2026/11/29/slug", PAGE);
    assertThat(doc.select("form.appeal-form").attr("action")).isEqualTo(BASE + "/support/pay");
    assertThat(doc.select("a.support-button").attr("href")).isEqualTo(BASE + "/support");
    assertThat(doc.select("p.methods a:contains(Manage)").attr("href"))
        .isEqualTo(BASE + "/support/manage");
    assertThat(doc.select("a.remind-later").attr("href")).isEqualTo(BASE + "/support/remind");
    assertThat(doc.select("nav a:contains(Search)").attr("href")).isEqualTo(BASE + "/search");
    assertThat(doc.select(".article-body a:contains(staff)").attr("href"))
        .as("what the copy does not hold is left on the main site")
        .isEqualTo(BASE + "/newsroom/articles");
    assertThat(doc.select("p.methods a:contains(Other ways)").attr("href"))
        .as("the other ways to give work while the main site is blocked")
        .isEqualTo("../../../../support/index.html#other-ways");
  }

  @Test
  void theSafeGivingPageIsReadInTheCopy() {
    Document doc = rewrite("/2026/11/29/slug", PAGE);
    assertThat(doc.select("p.methods a:contains(Giving safely)").attr("href"))
        .as("which way of giving leaves which traces matters most where the site is blocked")
        .isEqualTo("../../../../support/safely/index.html");
  }

  @Test
  void theRussianEditionGivesInRussian() {
    String ru =
        PAGE.replace("href=\"/support", "href=\"/ru/support")
            .replace("action=\"/support/pay\"", "action=\"/ru/support/pay\"");
    Document doc = rewrite("/ru/about", ru);
    assertThat(doc.select("form.appeal-form").attr("action")).isEqualTo(BASE + "/ru/support/pay");
    assertThat(doc.select("a.support-button").attr("href")).isEqualTo(BASE + "/ru/support");
    assertThat(doc.select("p.methods a:contains(Other ways)").attr("href"))
        .isEqualTo("../support/index.html#other-ways");
    assertThat(doc.select("a.brand").attr("href")).isEqualTo("../../index.html");
  }

  @Test
  void aConfiguredSupportAddressTakesTheGifts() {
    PageRewriter mirror =
        new PageRewriter(new MainSite(BASE, "https://give.example/courier"), a -> true, Map.of());
    Document doc =
        Jsoup.parse(
            new String(mirror.rewrite(Address.of("/about"), PAGE).bytes(), StandardCharsets.UTF_8));
    assertThat(doc.select("form.appeal-form").attr("action"))
        .isEqualTo("https://give.example/courier/pay");
    assertThat(doc.select("a.support-button").attr("href"))
        .isEqualTo("https://give.example/courier");
    assertThat(doc.select("p.methods a:contains(Manage)").attr("href"))
        .isEqualTo("https://give.example/courier/manage");
  }

  @Test
  void testModeNoticesAreLeftOut() {
    PageRewriter.Result result = rewriter.rewrite(Address.of("/2026/11/29/slug"), PAGE);
    String html = new String(result.bytes(), StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("TEST MODE");
    Document doc = Jsoup.parse(html);
    assertThat(doc.select(".testmode-flag")).isEmpty();
    assertThat(doc.select("p.methods").text())
        .startsWith("Other ways to give · Giving safely · Manage my support");
  }

  @Test
  void otherHostsMailAndFragmentsAreLeftAsTheyAre() {
    Document doc = rewrite("/2026/11/29/slug", PAGE);
    assertThat(doc.select(".article-body a:contains(source)").attr("href"))
        .isEqualTo("https://other.example/report");
    assertThat(doc.select(".article-body a:contains(mail)").attr("href"))
        .isEqualTo("mailto:desk@courier.example");
  }

  @Test
  void itReportsTheAddressesThePageNeedsInTheCopy() {
    PageRewriter.Result result = rewriter.rewrite(Address.of("/2026/11/29/slug"), PAGE);
    assertThat(result.found())
        .extracting(Address::request)
        .contains(
            "/",
            "/section/world",
            "/section/world?page=2",
            "/css/site.css",
            "/js/site.js",
            IMG + "-480.jpg",
            IMG + "-960.jpg",
            "/about",
            "/tag/courts",
            "/feed.rss",
            "/section/world/feed.rss",
            "/2026/11/29/slug-ru",
            "/support")
        .doesNotContain("/search", "/support/pay", "/newsroom/articles");
  }

  @Test
  void aLinkToAPageTheCopyDoesNotHoldLeadsToTheMainSite() {
    String html =
        "<a class=\"lang-switch\" href=\"/tag/gone-ru\">Русский</a><a href=\"/tag/here\">here</a>";
    PageRewriter.Result result = rewriter.rewrite(Address.of("/tag/here"), html);
    Document doc = Jsoup.parse(new String(result.bytes(), StandardCharsets.UTF_8));
    assertThat(doc.select("a.lang-switch").attr("href")).isEqualTo(BASE + "/tag/gone-ru");
    assertThat(doc.select("a:contains(here)").attr("href")).isEqualTo("index.html");
    assertThat(result.outside()).extracting(Address::request).containsExactly("/tag/gone-ru");
    assertThat(result.found()).extracting(Address::request).containsExactly("/tag/here");
  }

  @Test
  void stylesheetsLoadRelativeToThemselves() {
    PageRewriter.Result css =
        rewriter.rewriteCss(
            Address.of("/css/site.css"),
            "a{background:url(/media/0123456789abcdef01234567-480.png)} b{background:url('data:image/png;base64,xx')}"
                + " @import \"/css/print.css\"; i{background:url(https://cdn.example/x.png)}");
    assertThat(new String(css.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "a{background:url(../media/0123456789abcdef01234567-480.png)} b{background:url('data:image/png;base64,xx')}"
                + " @import \"print.css\"; i{background:url(https://cdn.example/x.png)}");
    assertThat(css.found())
        .extracting(Address::request)
        .containsExactlyInAnyOrder("/media/0123456789abcdef01234567-480.png", "/css/print.css");
  }

  @Test
  void aRedirectBecomesAPageThatSendsBrowsersOn() {
    PageRewriter.Result stub =
        rewriter.redirect(Address.of("/2026/11/28/old-slug"), Address.of("/2026/11/29/slug"));
    Document doc = Jsoup.parse(new String(stub.bytes(), StandardCharsets.UTF_8));
    assertThat(doc.select("meta[http-equiv=refresh]").attr("content"))
        .isEqualTo("0; url=../../29/slug/index.html");
    assertThat(doc.select("link[rel=canonical]").attr("href")).isEqualTo(BASE + "/2026/11/29/slug");
    assertThat(stub.found()).extracting(Address::request).containsExactly("/2026/11/29/slug");
  }
}

package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.reach.export.HostCheck.Reference;

class HostCheckTests {

  @TempDir Path copy;

  private final HostCheck check = new HostCheck(List.of("courier.example", "give.example"));

  private void file(String path, String content) throws IOException {
    Path p = copy.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void theMainDomainTheSupportAddressAndRelativeLinksAreFine() throws IOException {
    file(
        "index.html",
        """
        <link rel="canonical" href="https://courier.example/"><meta property="og:image" content="https://courier.example/media/a-960.jpg">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","url":"https://courier.example/2026/11/29/x"}</script>
        <link rel="stylesheet" href="css/site.css"><img src="media/a-480.png" srcset="media/a-480.png 480w">
        <form action="https://give.example/courier/pay"></form><a href="mailto:desk@elsewhere.example">mail</a>""");
    file(
        "feed.rss",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel><link>https://courier.example/</link><atom:link href="https://courier.example/feed.rss" rel="self"/>
        <item><link>https://courier.example/2026/11/29/x</link><content:encoded>&lt;p&gt;&lt;img src="https://courier.example/media/a.jpg"&gt;&lt;/p&gt;</content:encoded></item>
        </channel></rss>""");
    file("css/site.css", "a{background:url(../media/a.png)}");
    file(
        "js/site.js",
        "navigator.sendBeacon('/support/funnel'); // see https://courier.example/about");
    file("media/a-480.png", "TEST MODE is inside an image's bytes, which are not text");
    HostCheck.Result result = check.check(copy);
    assertThat(result.foreign()).isEmpty();
    assertThat(result.outbound()).isEmpty();
    assertThat(result.leaks()).isEmpty();
    assertThat(result.clean()).isTrue();
  }

  @Test
  void whatPagesLoadFromAnotherHostFailsTheCopy() throws IOException {
    file(
        "a/index.html",
        """
        <link rel="stylesheet" href="https://cdn.example/x.css"><script src="//cdn.example/x.js"></script>
        <img src="https://tracker.example/pixel.gif" alt=""><img srcset="https://img.example/a.jpg 480w" alt="">
        <div style="background:url(https://img.example/bg.png)"></div><iframe src="https://video.example/embed"></iframe>
        <form action="https://forms.example/post"></form>""");
    file(
        "b/index.html",
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"image\":\"https://img.example/d.jpg\"}</script>");
    file(
        "css/site.css",
        "@import \"https://fonts.example/font.css\"; a{background:url(https://img.example/b.png)}");
    file("js/site.js", "fetch('https://api.example/count')");
    HostCheck.Result result = check.check(copy);
    assertThat(result.foreign())
        .extracting(Reference::value)
        .containsExactlyInAnyOrder(
            "https://cdn.example/x.css",
            "//cdn.example/x.js",
            "https://tracker.example/pixel.gif",
            "https://img.example/a.jpg",
            "https://img.example/bg.png",
            "https://video.example/embed",
            "https://forms.example/post",
            "https://fonts.example/font.css",
            "https://img.example/b.png",
            "https://api.example/count",
            "https://img.example/d.jpg");
    assertThat(result.clean()).isFalse();
  }

  @Test
  void feedsAndSitemapsNameOnlyTheMainDomainButArticlesMayCiteSources() throws IOException {
    file(
        "feed.atom",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><link href="https://mirror.example/feed.atom" rel="self"/>
        <entry><id>https://courier.example/2026/11/29/x</id>
        <content type="html">&lt;p&gt;&lt;a href="https://source.example/report"&gt;report&lt;/a&gt; &lt;img src="https://img.example/c.jpg"&gt;&lt;/p&gt;</content></entry></feed>""");
    file(
        "sitemap.xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://elsewhere.example/</loc></url></urlset>""");
    file(
        "2026/11/29/x/index.html",
        "<p>Read <a href=\"https://source.example/report\" rel=\"noopener noreferrer\">the report</a>.</p>");
    HostCheck.Result result = check.check(copy);
    assertThat(result.foreign())
        .extracting(Reference::value)
        .containsExactlyInAnyOrder(
            "https://mirror.example/feed.atom",
            "https://img.example/c.jpg",
            "https://elsewhere.example/");
    assertThat(result.outbound())
        .extracting(Reference::file, Reference::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "feed.atom <content>", "https://source.example/report"),
            org.assertj.core.groups.Tuple.tuple(
                "2026/11/29/x/index.html", "https://source.example/report"));
  }

  @Test
  void newsroomLinksAndTestModeNoticesFailTheCopy() throws IOException {
    file(
        "index.html",
        "<p class=\"testmode-flag\">TEST MODE: payments here are simulated</p><a href=\"newsroom/index.html\">x</a>");
    file(
        "ru/index.html",
        "<p>ТЕСТОВЫЙ РЕЖИМ: платежи имитируются</p><a href=\"https://courier.example/newsroom/login\">вход</a>");
    file("about/index.html", "<a href=\"../newsroom-notes/index.html\">not the newsroom</a>");
    HostCheck.Result result = check.check(copy);
    assertThat(result.leaks())
        .extracting(Reference::file, Reference::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("index.html", "TEST MODE"),
            org.assertj.core.groups.Tuple.tuple("index.html", "newsroom/index.html"),
            org.assertj.core.groups.Tuple.tuple("ru/index.html", "ТЕСТОВЫЙ РЕЖИМ"),
            org.assertj.core.groups.Tuple.tuple(
                "ru/index.html", "https://courier.example/newsroom/login"));
    assertThat(result.clean()).isFalse();
  }

  @Test
  void aJsonFeedIsCheckedLikeItsPagesAndTheMirrorListNamesPlacesToGo() throws IOException {
    file(
        "feed.json",
        """
        {"version":"https://jsonfeed.org/version/1.1","home_page_url":"https://courier.example/",
         "items":[{"url":"https://courier.example/2026/11/29/x","image":"https://img.example/hero.jpg",
           "content_html":"<p><a href=\\"https://source.example/report\\">source</a><img src=\\"https://cdn.example/a.png\\"></p>"}]}""");
    file(
        "mirrors.json",
        """
        {"main":"https://courier.example/","mirrors":[{"url":"https://mirror.example/courier/","status":"up"}]}""");
    HostCheck.Result result = check.check(copy);
    assertThat(result.foreign())
        .extracting(Reference::value)
        .containsExactlyInAnyOrder("https://img.example/hero.jpg", "https://cdn.example/a.png");
    assertThat(result.outbound())
        .extracting(Reference::value)
        .containsExactlyInAnyOrder(
            "https://source.example/report", "https://mirror.example/courier/");
  }
}

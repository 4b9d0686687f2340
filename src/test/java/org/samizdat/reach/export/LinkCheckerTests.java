package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.reach.export.LinkChecker.BrokenLink;

class LinkCheckerTests {

  @TempDir Path copy;

  private void file(String path, String content) throws IOException {
    Path p = copy.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void aCopyWhoseLinksAllLeadToFilesHasNoBrokenLinks() throws IOException {
    file(
        "index.html",
        """
        <link rel="stylesheet" href="css/site.css"><link rel="canonical" href="https://courier.example/">
        <a href="2026/11/29/slug/index.html#top">story</a> <a href="#main">skip</a> <a href="mailto:x@y.z">mail</a>
        <img src="media/a-480.png" srcset="media/a-480.png 480w, media/a-960.png 960w">
        <a href="https://courier.example/search">search</a> <form action="https://courier.example/support/pay"></form>
        <a href="section/world/index.html?utm=x">world</a>""");
    file(
        "2026/11/29/slug/index.html",
        "<a href=\"../../../../index.html\">home</a><a href=\"../../../../section/world/index.html\">w</a>");
    file("section/world/index.html", "<a href=\"../../index.html\">home</a>");
    file("css/site.css", "a{background:url(../media/a-480.png)}");
    file("media/a-480.png", "png");
    file("media/a-960.png", "png");
    assertThat(LinkChecker.check(copy)).isEmpty();
  }

  @Test
  void linksToMissingFilesFoldersRootsAndOutsideTheCopyAreBroken() throws IOException {
    file(
        "2026/11/29/slug/index.html",
        """
        <a href="../../../../gone/index.html">gone</a>
        <a href="../../../../section/world/">folder</a>
        <a href="/about">root</a>
        <a href="../../../../../etc/passwd">outside</a>
        <img srcset="../../../../media/a-480.png 480w, ../../../../media/missing-960.png 960w">
        <meta http-equiv="refresh" content="0; url=../../../../moved/index.html">""");
    file("section/world/index.html", "");
    file("media/a-480.png", "png");
    file("css/site.css", "b{background:url(../media/nothing.png)}");
    List<BrokenLink> broken = LinkChecker.check(copy);
    assertThat(broken)
        .extracting(BrokenLink::link)
        .containsExactlyInAnyOrder(
            "../../../../gone/index.html",
            "../../../../section/world/",
            "/about",
            "../../../../../etc/passwd",
            "../../../../media/missing-960.png",
            "../../../../moved/index.html",
            "../media/nothing.png");
    assertThat(broken)
        .filteredOn(b -> b.link().equals("/about"))
        .singleElement()
        .extracting(BrokenLink::problem)
        .asString()
        .contains("file://");
    assertThat(broken)
        .filteredOn(b -> b.link().endsWith("world/"))
        .singleElement()
        .extracting(BrokenLink::problem)
        .asString()
        .contains("folder");
    assertThat(broken)
        .filteredOn(b -> b.link().endsWith("passwd"))
        .singleElement()
        .extracting(BrokenLink::problem)
        .asString()
        .contains("outside");
    assertThat(broken)
        .filteredOn(b -> b.link().contains("gone"))
        .singleElement()
        .extracting(BrokenLink::file)
        .isEqualTo("2026/11/29/slug/index.html");
  }

  @Test
  void hiddenFilesAreNotPartOfTheCheck() throws IOException {
    file(".samizdat-export", "<a href=\"/x\">");
    file("index.html", "ok");
    assertThat(LinkChecker.check(copy)).isEmpty();
  }
}

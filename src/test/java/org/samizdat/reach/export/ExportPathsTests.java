package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.samizdat.reach.export.ExportPaths.Address;

class ExportPathsTests {

  private static String file(String path, String query) {
    return ExportPaths.address(path, query).map(ExportPaths::file).orElse(null);
  }

  @Test
  void pagesBecomeFoldersWithAnIndexAndFilesKeepTheirNames() {
    assertThat(file("/", null)).isEqualTo("index.html");
    assertThat(file("/ru/", null)).isEqualTo("ru/index.html");
    assertThat(file("/ru", null)).isEqualTo("ru/index.html");
    assertThat(file("/2026/11/29/slug", null)).isEqualTo("2026/11/29/slug/index.html");
    assertThat(file("/section/world", null)).isEqualTo("section/world/index.html");
    assertThat(file("/ru/section/world", null)).isEqualTo("ru/section/world/index.html");
    assertThat(file("/tag/press-freedom", null)).isEqualTo("tag/press-freedom/index.html");
    assertThat(file("/ru/author/olga-ivanova", null))
        .isEqualTo("ru/author/olga-ivanova/index.html");
    assertThat(file("/about", null)).isEqualTo("about/index.html");
    assertThat(file("/ru/support", null)).isEqualTo("ru/support/index.html");
    assertThat(file("/feed.rss", null)).isEqualTo("feed.rss");
    assertThat(file("/ru/feed.atom", null)).isEqualTo("ru/feed.atom");
    assertThat(file("/section/world/feed.rss", null)).isEqualTo("section/world/feed.rss");
    assertThat(file("/ru/tag/sudy/feed.atom", null)).isEqualTo("ru/tag/sudy/feed.atom");
    assertThat(file("/sitemap.xml", null)).isEqualTo("sitemap.xml");
    assertThat(file("/sitemap-news.xml", null)).isEqualTo("sitemap-news.xml");
    assertThat(file("/robots.txt", null)).isEqualTo("robots.txt");
    assertThat(file("/css/site.css", null)).isEqualTo("css/site.css");
    assertThat(file("/js/site.js", null)).isEqualTo("js/site.js");
    assertThat(file("/media/0123456789abcdef01234567-960.jpg", null))
        .isEqualTo("media/0123456789abcdef01234567-960.jpg");
  }

  @Test
  void furtherPagesOfAListGetAFolderOfTheirOwn() {
    assertThat(file("/", "page=2")).isEqualTo("page/2/index.html");
    assertThat(file("/section/world", "page=3")).isEqualTo("section/world/page/3/index.html");
    assertThat(file("/ru/tag/sudy", "page=12")).isEqualTo("ru/tag/sudy/page/12/index.html");
    assertThat(file("/section/world", "page=1")).isEqualTo("section/world/index.html");
    assertThat(ExportPaths.address("/section/world", "page=2").map(Address::request))
        .contains("/section/world?page=2");
  }

  @Test
  void eachFileOfTheCopyNamesTheAddressItHolds() {
    for (String[] request :
        new String[][] {
          {"/", null},
          {"/ru/", null},
          {"/", "page=2"},
          {"/ru/", "page=40"},
          {"/section/world", null},
          {"/ru/section/world", "page=3"},
          {"/tag/elections", "page=12"},
          {"/author/anna-k", null},
          {"/2026/11/29/page", null},
          {"/about", null},
          {"/feed.rss", null},
          {"/ru/section/world/feed.json", null},
          {"/sitemap-articles.xml", null},
          {"/media/0123456789abcdef01234567-640.webp", null}
        }) {
      ExportPaths.Address address = ExportPaths.address(request[0], request[1]).orElseThrow();
      assertThat(ExportPaths.addressOf(ExportPaths.file(address)))
          .as(address.request())
          .contains(address);
    }
    assertThat(ExportPaths.addressOf("search/index.html")).isEmpty();
    assertThat(ExportPaths.request("section/world/page/2/index.html"))
        .contains("/section/world?page=2");
  }

  @Test
  void whatAStaticCopyCannotDoIsNotPartOfIt() {
    for (String path :
        new String[] {
          "/search",
          "/ru/search",
          "/support/pay",
          "/support/manage",
          "/support/remind",
          "/support/thanks",
          "/support/checkout",
          "/support/testmode/x",
          "/newsroom",
          "/newsroom/articles",
          "/webhooks/stripe",
          "/actuator/health",
          "/media/chart.png",
          "/media/../../etc/passwd",
          "/section/Caps",
          "/section/a/b",
          "/2026/1/2/slug",
          "/about/",
          "/css/../x.css",
          "/js/newsroom.js/x",
          "/error",
          "/sitemap-articles.xml/x"
        }) {
      assertThat(ExportPaths.address(path, null)).as(path).isEmpty();
    }
    assertThat(ExportPaths.address("/2026/11/29/slug", "page=2"))
        .as("articles have no pages")
        .isEmpty();
    assertThat(ExportPaths.address("/section/world", "page=2&x=1")).isEmpty();
    assertThat(ExportPaths.address("/section/world", "page=0")).isEmpty();
    assertThat(ExportPaths.address("/sitemap-articles.xml", "part=2")).isEmpty();
    assertThat(ExportPaths.address("/search", "q=x")).isEmpty();
  }

  @Test
  void linksAreRelativeToTheFileTheyAreIn() {
    String article = "2026/11/29/slug/index.html";
    assertThat(ExportPaths.relative(article, "index.html")).isEqualTo("../../../../index.html");
    assertThat(ExportPaths.relative(article, "section/world/index.html"))
        .isEqualTo("../../../../section/world/index.html");
    assertThat(ExportPaths.relative(article, "2026/11/29/other/index.html"))
        .isEqualTo("../other/index.html");
    assertThat(ExportPaths.relative(article, article)).isEqualTo("index.html");
    assertThat(ExportPaths.relative("index.html", "css/site.css")).isEqualTo("css/site.css");
    assertThat(ExportPaths.relative("index.html", "index.html")).isEqualTo("index.html");
    assertThat(ExportPaths.relative("section/world/index.html", "section/world/feed.rss"))
        .isEqualTo("feed.rss");
    assertThat(ExportPaths.relative("section/world/page/2/index.html", "section/world/index.html"))
        .isEqualTo("../../index.html");
    assertThat(ExportPaths.relative("ru/index.html", "index.html")).isEqualTo("../index.html");
    assertThat(ExportPaths.relative("css/site.css", "media/a-1.png")).isEqualTo("../media/a-1.png");
  }

  @Test
  void imagesAreNamedByTheirStoredName() {
    Optional<Address> image = ExportPaths.address("/media/0123456789abcdef01234567-480.png", null);
    assertThat(image.flatMap(ExportPaths::mediaName)).contains("0123456789abcdef01234567-480.png");
    assertThat(ExportPaths.mediaName(Address.of("/about"))).isEmpty();
  }
}

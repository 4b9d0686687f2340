package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;

/**
 * The hand-written schemas the sitemap tests rely on: they accept what the protocol allows and
 * catch what it forbids.
 */
class SitemapSchemaTests {

  static final String URLSET_OPEN =
      """
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"
              xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      """;

  final Schema urlset = XmlDocuments.urlsetSchema();
  final Schema index = XmlDocuments.sitemapIndexSchema();

  @Test
  void aCompleteUrlSetWithAlternatesAndNewsIsValid() {
    assertValid(
        urlset,
        URLSET_OPEN
            + """
          <url><loc>https://example.org/2024/01/02/story</loc><lastmod>2024-01-02T10:00:00Z</lastmod>
            <changefreq>daily</changefreq><priority>0.8</priority>
            <xhtml:link rel="alternate" hreflang="en" href="https://example.org/2024/01/02/story"/>
            <xhtml:link rel="alternate" hreflang="ru" href="https://example.org/2024/01/02/istoriya"/>
            <news:news><news:publication><news:name>Courier</news:name><news:language>en</news:language></news:publication>
              <news:publication_date>2024-01-02T10:00:00+03:00</news:publication_date><news:title>A story</news:title></news:news>
          </url>
          <url><loc>https://example.org/about</loc><lastmod>2024-01-02</lastmod></url>
        </urlset>
        """);
    assertValid(
        index,
        """
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://example.org/sitemap-pages.xml</loc></sitemap>
          <sitemap><loc>https://example.org/sitemap-news.xml</loc><lastmod>2024-01-02T10:00:00Z</lastmod></sitemap>
        </sitemapindex>
        """);
  }

  @Test
  void whatTheProtocolForbidsIsRejected() {
    assertInvalid(
        urlset,
        URLSET_OPEN + "<url><lastmod>2024-01-02</lastmod></url></urlset>",
        "a url without loc");
    assertInvalid(
        urlset, URLSET_OPEN + "<url><loc>/2024/01/02/story</loc></url></urlset>", "a relative loc");
    assertInvalid(
        urlset,
        URLSET_OPEN
            + "<url><loc>https://example.org/x</loc><lastmod>2024-01-02T10:00:00</lastmod></url></urlset>",
        "a time without its zone");
    assertInvalid(
        urlset,
        URLSET_OPEN
            + "<url><loc>https://example.org/x</loc><lastmod>yesterday</lastmod></url></urlset>",
        "a lastmod that is not a date");
    assertInvalid(
        urlset,
        URLSET_OPEN + "<url><loc>https://example.org/x</loc><priority>2</priority></url></urlset>",
        "a priority above 1");
    assertInvalid(
        urlset,
        URLSET_OPEN + "<url><loc>https://example.org/x</loc><title>x</title></url></urlset>",
        "an element the protocol does not have");
    assertInvalid(urlset, URLSET_OPEN + "</urlset>", "an empty url set");
    assertInvalid(
        urlset,
        URLSET_OPEN
            + "<url><loc>https://example.org/x</loc><xhtml:link rel=\"alternate\" href=\"https://example.org/y\"/></url></urlset>",
        "an alternate without hreflang");
    assertInvalid(
        urlset,
        URLSET_OPEN
            + """
        <url><loc>https://example.org/x</loc><news:news><news:publication><news:name>C</news:name>
          <news:language>en</news:language></news:publication>
          <news:publication_date>2024-01-02T10:00:00Z</news:publication_date></news:news></url></urlset>""",
        "news without a title");
    assertInvalid(
        urlset,
        URLSET_OPEN
            + """
        <url><loc>https://example.org/x</loc><news:news><news:publication><news:name>C</news:name>
          <news:language>English</news:language></news:publication>
          <news:publication_date>2024-01-02T10:00:00Z</news:publication_date><news:title>T</news:title></news:news></url></urlset>""",
        "news with a language name instead of its code");
    assertInvalid(
        index,
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap/></sitemapindex>",
        "a sitemap entry without loc");
    assertInvalid(
        index,
        URLSET_OPEN + "<url><loc>https://example.org/x</loc></url></urlset>",
        "a url set where an index belongs");
  }

  private static void assertValid(Schema schema, String xml) {
    assertThatCode(() -> XmlDocuments.validate(schema, xml.getBytes(StandardCharsets.UTF_8)))
        .doesNotThrowAnyException();
  }

  private static void assertInvalid(Schema schema, String xml, String what) {
    assertThatThrownBy(() -> XmlDocuments.validate(schema, xml.getBytes(StandardCharsets.UTF_8)))
        .as(what)
        .isInstanceOf(AssertionError.class);
  }
}

package org.samizdat.site.feeds;

import org.samizdat.platform.i18n.Language;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * RSS and Atom for feed readers: each edition, each section and each tag, full text. English is the
 * root edition; the Russian one lives under {@code /ru}, as for the pages.
 */
@RestController
class FeedsController {

  private final Feeds feeds;

  FeedsController(Feeds feeds) {
    this.feeds = feeds;
  }

  @GetMapping({"/feed.{format:rss|atom}", "/{edition:ru}/feed.{format:rss|atom}"})
  ResponseEntity<byte[]> edition(
      @PathVariable(required = false) String edition,
      @PathVariable String format,
      WebRequest request) {
    return render(feeds.edition(language(edition)), format, request);
  }

  @GetMapping({
    "/section/{slug}/feed.{format:rss|atom}",
    "/{edition:ru}/section/{slug}/feed.{format:rss|atom}"
  })
  ResponseEntity<byte[]> section(
      @PathVariable(required = false) String edition,
      @PathVariable String slug,
      @PathVariable String format,
      WebRequest request) {
    return render(feeds.section(language(edition), slug), format, request);
  }

  @GetMapping({
    "/tag/{slug}/feed.{format:rss|atom}",
    "/{edition:ru}/tag/{slug}/feed.{format:rss|atom}"
  })
  ResponseEntity<byte[]> tag(
      @PathVariable(required = false) String edition,
      @PathVariable String slug,
      @PathVariable String format,
      WebRequest request) {
    return render(feeds.tag(language(edition), slug), format, request);
  }

  private static Language language(String edition) {
    return edition == null ? Language.EN : Language.fromCode(edition).orElse(Language.EN);
  }

  private static ResponseEntity<byte[]> render(Feed feed, String format, WebRequest request) {
    String key = CacheableResponses.feedsKey(feed.language());
    return "atom".equals(format)
        ? CacheableResponses.of(CacheableResponses.ATOM, AtomWriter.write(feed), key, request)
        : CacheableResponses.of(CacheableResponses.RSS, RssWriter.write(feed), key, request);
  }
}

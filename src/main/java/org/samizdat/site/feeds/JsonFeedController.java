package org.samizdat.site.feeds;

import org.samizdat.platform.i18n.Language;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * JSON Feed 1.1 beside RSS and Atom, at the same addresses with {@code .json}, cached the same way.
 */
@RestController
class JsonFeedController {

  /** JSON is always UTF-8 (RFC 8259), so the media type takes no charset. */
  static final MediaType JSON_FEED = MediaType.parseMediaType("application/feed+json");

  private final JsonFeeds feeds;

  JsonFeedController(JsonFeeds feeds) {
    this.feeds = feeds;
  }

  @GetMapping({"/feed.json", "/{edition:ru}/feed.json"})
  ResponseEntity<byte[]> edition(
      @PathVariable(required = false) String edition, WebRequest request) {
    return render(feeds.edition(language(edition)), request);
  }

  @GetMapping({"/section/{slug}/feed.json", "/{edition:ru}/section/{slug}/feed.json"})
  ResponseEntity<byte[]> section(
      @PathVariable(required = false) String edition,
      @PathVariable String slug,
      WebRequest request) {
    return render(feeds.section(language(edition), slug), request);
  }

  @GetMapping({"/tag/{slug}/feed.json", "/{edition:ru}/tag/{slug}/feed.json"})
  ResponseEntity<byte[]> tag(
      @PathVariable(required = false) String edition,
      @PathVariable String slug,
      WebRequest request) {
    return render(feeds.tag(language(edition), slug), request);
  }

  private static Language language(String edition) {
    return edition == null ? Language.EN : Language.fromCode(edition).orElse(Language.EN);
  }

  private static ResponseEntity<byte[]> render(JsonFeed feed, WebRequest request) {
    return CacheableResponses.of(
        JSON_FEED,
        JsonFeedWriter.write(feed),
        CacheableResponses.feedsKey(feed.language()),
        request);
  }
}

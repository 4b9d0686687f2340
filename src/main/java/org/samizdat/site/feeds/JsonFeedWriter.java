package org.samizdat.site.feeds;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1): full text as content_html, dates in RFC 3339.
 */
final class JsonFeedWriter {

  static final String VERSION = "https://jsonfeed.org/version/1.1";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private JsonFeedWriter() {}

  static byte[] write(JsonFeed feed) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("title", feed.title());
    root.put("home_page_url", feed.homePageUrl());
    root.put("feed_url", feed.feedUrl());
    root.put("description", feed.description());
    root.put("language", feed.language());
    root.putArray("authors")
        .addObject()
        .put("name", feed.publisher())
        .put("url", feed.homePageUrl());
    ArrayNode items = root.putArray("items");
    for (JsonFeed.Item item : feed.items()) {
      ObjectNode node = items.addObject();
      node.put("id", item.url());
      node.put("url", item.url());
      node.put("title", item.title());
      node.put("content_html", item.contentHtml());
      if (item.summary() != null && !item.summary().isBlank()) {
        node.put("summary", item.summary());
      }
      if (item.image() != null) {
        node.put("image", item.image());
      }
      node.put("date_published", rfc3339(item.published()));
      node.put("date_modified", rfc3339(item.modified()));
      if (!item.authors().isEmpty()) {
        ArrayNode authors = node.putArray("authors");
        for (Feed.Person person : item.authors()) {
          ObjectNode author = authors.addObject().put("name", person.name());
          if (person.url() != null) {
            author.put("url", person.url());
          }
        }
      }
      if (!item.tags().isEmpty()) {
        ArrayNode tags = node.putArray("tags");
        item.tags().forEach(tags::add);
      }
      node.put("language", item.language());
    }
    return MAPPER.writeValueAsBytes(root);
  }

  private static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}

package org.samizdat.site;

/**
 * What a page says about itself to search engines and link previews.
 *
 * @param ogType "website" or "article"
 * @param imageUrl absolute, or null
 * @param jsonLd a JSON-LD document, already escaped for a script element, or null
 */
public record Meta(
    String title, String description, String ogType, String imageUrl, String jsonLd) {

  public static Meta page(String title, String description) {
    return new Meta(title, description, "website", null, null);
  }
}

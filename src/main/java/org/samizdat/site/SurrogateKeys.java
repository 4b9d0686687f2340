package org.samizdat.site;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.Tag;

/**
 * The surrogate keys that tie cached pages to content, also sent to CDNs in the {@code
 * Surrogate-Key} header so they can purge precisely.
 */
public final class SurrogateKeys {

  private SurrogateKeys() {}

  /** Every page that shows the goal's progress (the banner is on every reader page). */
  public static final String SUPPORT = "support";

  public static String article(long id) {
    return Article.cacheKey(id);
  }

  public static String home(String language) {
    return "home-" + language;
  }

  public static String section(long id, String language) {
    return "section-" + id + "-" + language;
  }

  public static String tag(long id) {
    return "tag-" + id;
  }

  public static String author(long id, String language) {
    return "author-" + id + "-" + language;
  }

  /** Pages that change whenever any article of a language does. */
  public static List<String> forChange(String language) {
    return List.of(home(language), "feeds-" + language, "sitemap", "search-" + language);
  }

  /** The list pages an article appears on. */
  public static List<String> listsOf(Article a) {
    List<String> keys = new ArrayList<>();
    String lang = a.language().code();
    if (a.section() != null) {
      keys.add(section(a.section().id(), lang));
    }
    for (Tag t : a.tags()) {
      keys.add(tag(t.id()));
    }
    for (Author au : a.authors()) {
      keys.add(author(au.id(), lang));
    }
    return keys;
  }

  public static String header(Collection<String> keys) {
    return String.join(" ", keys);
  }

  public static List<String> articles(Collection<ArticleSummary> shown) {
    return shown.stream().map(s -> article(s.id())).toList();
  }
}

package org.samizdat.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.samizdat.platform.i18n.Language;

/** The addresses of the reader's pages. English is the root edition; Russian lives under /ru. */
public final class SiteLinks {

  private SiteLinks() {}

  public static String edition(Language language, String path) {
    if (language == Language.RU) {
      return "/".equals(path) ? "/ru/" : "/ru" + path;
    }
    return path;
  }

  public static String home(Language language) {
    return edition(language, "/");
  }

  public static String section(Language language, String slug) {
    return edition(language, "/section/" + slug);
  }

  public static String tag(Language language, String slug) {
    return edition(language, "/tag/" + slug);
  }

  public static String author(Language language, String slug) {
    return edition(language, "/author/" + slug);
  }

  public static String search(Language language, String query) {
    return edition(language, "/search")
        + (query == null || query.isBlank()
            ? ""
            : "?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  public static String about(Language language) {
    return edition(language, "/about");
  }
}

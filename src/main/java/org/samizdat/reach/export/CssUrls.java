package org.samizdat.reach.export;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The addresses a stylesheet loads: {@code url(...)} and {@code @import "..."}. */
final class CssUrls {

  private static final Pattern REFERENCE =
      Pattern.compile(
          "url\\(\\s*(['\"]?)([^'\")]*)\\1\\s*\\)|@import\\s+(['\"])([^'\"]+)\\3",
          Pattern.CASE_INSENSITIVE);

  private CssUrls() {}

  static List<String> in(String css) {
    List<String> urls = new ArrayList<>();
    Matcher m = REFERENCE.matcher(css);
    while (m.find()) {
      String url = (m.group(2) != null ? m.group(2) : m.group(4)).trim();
      if (!url.isEmpty()) {
        urls.add(url);
      }
    }
    return urls;
  }

  /** The stylesheet with every address passed through {@code link}. */
  static String rewrite(String css, UnaryOperator<String> link) {
    Matcher m = REFERENCE.matcher(css);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(2) != null) {
        String url = m.group(2).trim();
        replacement =
            url.isEmpty() ? m.group() : "url(" + m.group(1) + link.apply(url) + m.group(1) + ")";
      } else {
        replacement = "@import " + m.group(3) + link.apply(m.group(4).trim()) + m.group(3);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}

package org.samizdat.publishing;

import org.jsoup.parser.Parser;

/**
 * Turns a {@code ts_headline} passage into safe HTML. PostgreSQL marks the matching words with two
 * control characters no article can contain (they are removed before the passage is cut);
 * everything else is article text, which is escaped, so only our own {@code <mark>} is markup.
 */
final class SearchSnippets {

  static final char START = '\u0001';
  static final char STOP = '\u0002';
  static final String MARKERS = "" + START + STOP;

  private SearchSnippets() {}

  /**
   * @param passage cut from the article's HTML: tags are already blanks, entities are still
   *     entities, so they are decoded once here before the text is escaped again
   */
  static String toHtml(String passage) {
    if (passage == null) {
      return "";
    }
    String text = passage.replaceAll("\\s+", " ").strip();
    StringBuilder html = new StringBuilder(text.length() + 32);
    boolean open = false;
    int from = 0;
    for (int i = 0; i <= text.length(); i++) {
      boolean end = i == text.length();
      char c = end ? 0 : text.charAt(i);
      if (!end && c != START && c != STOP) {
        continue;
      }
      escape(Parser.unescapeEntities(text.substring(from, i), false), html);
      if (c == START && !open) {
        html.append("<mark>");
        open = true;
      } else if (c == STOP && open) {
        html.append("</mark>");
        open = false;
      }
      from = i + 1;
    }
    if (open) {
      html.append("</mark>");
    }
    return html.toString().replace("<mark></mark>", "");
  }

  /**
   * A passage cut mid-sentence says so: "…" after it, unless it ends where a sentence (or a
   * quotation) does.
   */
  static String endingCut(String html) {
    if (html.isEmpty()) {
      return html;
    }
    String text = html.replace("</mark>", "").replace("&quot;", "\"").replace("&#39;", "'").strip();
    char last = text.isEmpty() ? '.' : text.charAt(text.length() - 1);
    return ".!?…»\"”'):;".indexOf(last) >= 0 ? html : html + "…";
  }

  private static void escape(String text, StringBuilder html) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> html.append("&amp;");
        case '<' -> html.append("&lt;");
        case '>' -> html.append("&gt;");
        case '"' -> html.append("&quot;");
        case '\'' -> html.append("&#39;");
        case START, STOP -> {}
        default -> html.append(c);
      }
    }
  }
}

package org.samizdat.newsroom;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Turns HTML pasted from Google Docs, Word or a web page into the Markdown the site renders,
 * keeping headings, bold, italic, links, lists, quotes and dividers and dropping everything else:
 * styles, fonts, spans, classes, comments, images from other hosts, tracking parameters. Google's
 * and Facebook's redirect links are unwrapped to their targets.
 */
final class PastedHtml {

  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "ul",
          "ol",
          "li",
          "blockquote",
          "hr",
          "pre",
          "table",
          "thead",
          "tbody",
          "tfoot",
          "tr",
          "td",
          "th",
          "section",
          "article",
          "header",
          "footer",
          "main",
          "aside",
          "figure",
          "figcaption",
          "dl",
          "dt",
          "dd",
          "center",
          "address",
          "nav",
          "body");
  private static final Set<String> DROPPED =
      Set.of(
          "script",
          "style",
          "meta",
          "link",
          "title",
          "head",
          "img",
          "picture",
          "svg",
          "iframe",
          "object",
          "embed",
          "video",
          "audio",
          "canvas",
          "form",
          "input",
          "button",
          "select",
          "textarea",
          "noscript",
          "template",
          "math",
          "o:p",
          "xml");
  private static final Set<String> TRACKING =
      Set.of(
          "fbclid",
          "gclid",
          "dclid",
          "gbraid",
          "wbraid",
          "msclkid",
          "mc_cid",
          "mc_eid",
          "yclid",
          "igshid",
          "_ga",
          "_gl",
          "_hsenc",
          "_hsmi",
          "mkt_tok",
          "ref_src",
          "ref_url",
          "oly_anon_id",
          "oly_enc_id",
          "vero_id",
          "spm",
          "si");
  private static final Pattern BOLD_WEIGHT =
      Pattern.compile("font-weight\\s*:\\s*(bold|bolder|[6-9]00)");
  private static final Pattern NORMAL_WEIGHT =
      Pattern.compile("font-weight\\s*:\\s*(normal|lighter|[1-4]00)");
  private static final Pattern ITALIC = Pattern.compile("font-style\\s*:\\s*(italic|oblique)");
  private static final Pattern WORD_LIST_MARKER =
      Pattern.compile("^[\\s\\u00a0]*([·•▪◦o§\\-–]|\\(?\\w{1,3}[.)])[\\s\\u00a0]+");
  private static final Pattern WORD_ORDERED = Pattern.compile("^\\s*\\(?\\w{1,3}[.)]\\s*$");
  private static final Pattern EDGE_BREAKS = Pattern.compile("^(\\s|\\\\\n)+|(\\s|\\\\\n)+$");
  private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u200b]+");

  private PastedHtml() {}

  static String toMarkdown(String html) {
    Document doc = Jsoup.parse(html == null ? "" : html);
    Element body = doc.body();
    strip(body);
    wordLists(body);
    if (body.selectFirst("h1") != null) {
      // The headline is the page's only h1: a pasted document's levels move down one.
      for (Element h : body.select("h1, h2, h3, h4, h5")) {
        h.tagName("h" + (Integer.parseInt(h.normalName().substring(1)) + 1));
      }
    }
    List<String> blocks = new ArrayList<>();
    container(body, blocks, new Marks());
    return String.join("\n\n", blocks).strip();
  }

  /** A link's target with redirects unwrapped and tracking parameters removed; null if unsafe. */
  static String cleanUrl(String raw) {
    String url = raw == null ? "" : raw.strip();
    for (int hops = 0; hops < 3; hops++) {
      String target = redirectTarget(url);
      if (target == null) {
        break;
      }
      url = target;
    }
    URI uri;
    try {
      uri = new URI(url.replace(" ", "%20"));
    } catch (Exception e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("mailto")) {
      return url;
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      // relative links and fragments of the source document mean nothing here
      return null;
    }
    String query = uri.getRawQuery();
    if (query != null) {
      List<String> kept = new ArrayList<>();
      for (String pair : query.split("&")) {
        String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        String lower = name.toLowerCase(Locale.ROOT);
        if (!pair.isEmpty() && !lower.startsWith("utm_") && !TRACKING.contains(lower)) {
          kept.add(pair);
        }
      }
      int q = url.indexOf('?');
      int hash = url.indexOf('#', q);
      String fragment = hash < 0 ? "" : url.substring(hash);
      url = url.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
    }
    return url;
  }

  private static String redirectTarget(String url) {
    URI uri;
    try {
      uri = new URI(url.replace(" ", "%20"));
    } catch (Exception e) {
      return null;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getPath() == null ? "" : uri.getPath();
    String param = null;
    if (host.matches("(www\\.)?google\\.[a-z.]+") && path.equals("/url")) {
      param = queryParam(uri, "q");
      if (param == null) {
        param = queryParam(uri, "url");
      }
    } else if (host.matches("l\\.facebook\\.com|lm\\.facebook\\.com") && path.equals("/l.php")) {
      param = queryParam(uri, "u");
    } else if (host.endsWith("safelinks.protection.outlook.com")) {
      param = queryParam(uri, "url");
    }
    return param != null && param.matches("(?i)https?://.+") ? param : null;
  }

  private static String queryParam(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void strip(Element root) {
    List<Node> comments = new ArrayList<>();
    root.traverse(
        (node, depth) -> {
          if (node instanceof Comment) {
            comments.add(node);
          }
        });
    comments.forEach(Node::remove);
    for (Element e : new ArrayList<>(root.getAllElements())) {
      if (e != root && DROPPED.contains(e.normalName())) {
        e.remove();
      }
    }
    // Word's list markers and Google Docs' comment anchors
    root.select("span[style*=mso-list:Ignore], span[style*=mso-list: Ignore]").remove();
    root.select("sup:has(a[href^=#cmnt]), div:has(> p > a[href^=#cmnt_ref])").remove();
  }

  /** Word sends list items as paragraphs with mso-list styles; make them real lists. */
  private static void wordLists(Element root) {
    for (Element p : new ArrayList<>(root.select("p[style*=mso-list]"))) {
      if (p.parent() == null) {
        continue;
      }
      String text = p.text();
      boolean ordered = false;
      var marker = WORD_LIST_MARKER.matcher(text);
      if (marker.find()) {
        ordered = WORD_ORDERED.matcher(marker.group(1)).matches();
        removeLeadingMarker(p);
      }
      Element previous = p.previousElementSibling();
      String listTag = ordered ? "ol" : "ul";
      Element list;
      if (previous != null
          && previous.normalName().equals(listTag)
          && previous.hasAttr("data-word")) {
        list = previous;
      } else {
        list = new Element(listTag).attr("data-word", "");
        p.before(list);
      }
      Element li = list.appendElement("li");
      for (Node child : new ArrayList<>(p.childNodes())) {
        li.appendChild(child);
      }
      p.remove();
    }
  }

  private static void removeLeadingMarker(Element p) {
    for (TextNode t : p.textNodes().isEmpty() ? firstTexts(p) : p.textNodes()) {
      String s = t.getWholeText();
      if (s.isBlank()) {
        continue;
      }
      t.text(WORD_LIST_MARKER.matcher(s).replaceFirst(""));
      return;
    }
  }

  private static List<TextNode> firstTexts(Element e) {
    List<TextNode> all = new ArrayList<>();
    e.traverse(
        (node, depth) -> {
          if (node instanceof TextNode t) {
            all.add(t);
          }
        });
    return all;
  }

  /** Inline state: what marks are open, so nothing is wrapped twice. */
  private record Marks(boolean bold, boolean italic, boolean link, boolean plain) {
    Marks() {
      this(false, false, false, false);
    }
  }

  private static boolean isBlock(Element e) {
    return BLOCKS.contains(e.normalName());
  }

  private static boolean holdsBlocks(Element e) {
    for (Element child : e.children()) {
      if (isBlock(child) || holdsBlocks(child)) {
        return true;
      }
    }
    return false;
  }

  private static void container(Element parent, List<String> blocks, Marks marks) {
    StringBuilder inline = new StringBuilder();
    for (Node child : parent.childNodes()) {
      if (child instanceof Element e && (isBlock(e) || holdsBlocks(e))) {
        flush(inline, blocks);
        block(e, blocks, marks);
      } else {
        inline(child, inline, marks);
      }
    }
    flush(inline, blocks);
  }

  private static void block(Element e, List<String> blocks, Marks marks) {
    switch (e.normalName()) {
      case "h1", "h2" -> heading("## ", e, blocks);
      case "h3", "h4", "h5", "h6" -> heading("### ", e, blocks);
      case "hr" -> blocks.add("---");
      case "ul", "ol" -> {
        String list = list(e, 0);
        if (!list.isBlank()) {
          blocks.add(list);
        }
      }
      case "blockquote" -> {
        List<String> inner = new ArrayList<>();
        container(e, inner, marks);
        if (!inner.isEmpty()) {
          blocks.add(
              String.join("\n\n", inner)
                  .lines()
                  .map(l -> l.isEmpty() ? ">" : "> " + l)
                  .reduce((a, b) -> a + "\n" + b)
                  .orElse(""));
        }
      }
      case "pre" -> {
        for (String line : e.wholeText().split("\\R")) {
          if (!line.isBlank()) {
            blocks.add(escapeLineStart(escape(line.strip())));
          }
        }
      }
      default -> container(e, blocks, marks);
    }
  }

  private static void heading(String prefix, Element e, List<String> blocks) {
    StringBuilder text = new StringBuilder();
    for (Node child : e.childNodes()) {
      // A heading is bold already: Google Docs' and Word's bold spans inside it add nothing.
      inline(child, text, new Marks(true, false, false, false));
    }
    String line = normalize(text.toString()).replace("\\\n", " ").strip();
    if (!line.isEmpty()) {
      blocks.add(prefix + line);
    }
  }

  private static String list(Element list, int depth) {
    boolean ordered = list.normalName().equals("ol");
    StringBuilder out = new StringBuilder();
    int n = 1;
    for (Element item : list.children()) {
      if (item.normalName().equals("ul") || item.normalName().equals("ol")) {
        // a list nested directly in a list (Google Docs, some web pages): indent it under the last
        String nested = list(item, depth + 1);
        if (!nested.isBlank()) {
          out.append(out.isEmpty() ? "" : "\n").append(nested);
        }
        continue;
      }
      String marker = ordered ? (n++) + ". " : "- ";
      String indent = "   ".repeat(depth);
      List<String> inner = new ArrayList<>();
      List<String> nestedLists = new ArrayList<>();
      Element copy = item.clone();
      for (Element sub : copy.select("> ul, > ol")) {
        nestedLists.add(list(sub, depth + 1));
        sub.remove();
      }
      container(copy, inner, new Marks());
      String text = String.join(" ", inner).strip();
      if (text.isEmpty() && nestedLists.isEmpty()) {
        continue;
      }
      out.append(out.isEmpty() ? "" : "\n").append(indent).append(marker).append(text);
      for (String nested : nestedLists) {
        if (!nested.isBlank()) {
          out.append("\n").append(nested);
        }
      }
    }
    return out.toString();
  }

  private static void inline(Node node, StringBuilder out, Marks marks) {
    if (node instanceof TextNode t) {
      out.append(escape(SPACES.matcher(t.getWholeText()).replaceAll(" ")));
      return;
    }
    if (!(node instanceof Element e)) {
      return;
    }
    String style = e.attr("style").toLowerCase(Locale.ROOT);
    String tag = e.normalName();
    if (tag.equals("br")) {
      out.append("\\\n");
      return;
    }
    if (tag.equals("a")) {
      String url = marks.link ? null : cleanUrl(e.attr("href"));
      StringBuilder text = new StringBuilder();
      Marks inner = url == null ? marks : new Marks(marks.bold, marks.italic, true, marks.plain);
      e.childNodes().forEach(c -> inline(c, text, inner));
      String label = text.toString();
      if (url == null || label.isBlank()) {
        out.append(label);
      } else {
        wrap(out, label, "[", "](" + url.replace("(", "%28").replace(")", "%29") + ")");
      }
      return;
    }
    boolean bold =
        ((tag.equals("b") || tag.equals("strong")) && !NORMAL_WEIGHT.matcher(style).find())
            || BOLD_WEIGHT.matcher(style).find();
    boolean italic =
        ((tag.equals("i") || tag.equals("em")) && !style.contains("font-style:normal"))
            || ITALIC.matcher(style).find();
    boolean addBold = bold && !marks.bold;
    boolean addItalic = italic && !marks.italic;
    Marks inner = new Marks(marks.bold || bold, marks.italic || italic, marks.link, marks.plain);
    StringBuilder text = new StringBuilder();
    e.childNodes().forEach(c -> inline(c, text, inner));
    String content = text.toString();
    String open = (addBold ? "**" : "") + (addItalic ? "*" : "");
    String close = (addItalic ? "*" : "") + (addBold ? "**" : "");
    if (open.isEmpty()) {
      out.append(content);
    } else {
      wrap(out, content, open, close);
    }
  }

  /** Wraps text in marks, with its outer spaces outside them ("** word**" is not bold). */
  private static void wrap(StringBuilder out, String content, String open, String close) {
    if (content.isBlank()) {
      out.append(content);
      return;
    }
    int start = 0;
    while (start < content.length() && content.charAt(start) == ' ') {
      start++;
    }
    int end = content.length();
    while (end > start && content.charAt(end - 1) == ' ') {
      end--;
    }
    out.append(content, 0, start)
        .append(open)
        .append(content, start, end)
        .append(close)
        .append(content, end, content.length());
  }

  private static void flush(StringBuilder inline, List<String> blocks) {
    // hard breaks at the edges of a paragraph mean nothing
    String text = normalize(EDGE_BREAKS.matcher(inline.toString()).replaceAll(""));
    inline.setLength(0);
    if (!text.isEmpty()) {
      blocks.add(escapeLineStart(text));
    }
  }

  private static String normalize(String text) {
    return text.replaceAll(" {2,}", " ").replaceAll(" ?\\\\\n ?", "\\\\\n").strip();
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if ("\\*_[]`<>".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Text that would start a heading, quote or list if left alone. */
  private static String escapeLineStart(String text) {
    if (text.matches("(?s)^(#{1,6}\\s|[-+]\\s|=+\\s*$|-{3,}\\s*$).*")) {
      return "\\" + text;
    }
    if (text.matches("(?s)^\\d{1,9}[.)]\\s.*")) {
      return text.replaceFirst("^(\\d{1,9})([.)])", "$1\\\\$2");
    }
    return text;
  }
}

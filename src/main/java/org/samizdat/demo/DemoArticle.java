package org.samizdat.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One article of the demo file: {@code %%%}, {@code key: value} lines, {@code ---}, Markdown body.
 */
record DemoArticle(Map<String, String> header, String body) {

  String get(String key) {
    return header.getOrDefault(key, "");
  }

  List<String> list(String key) {
    return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static List<DemoArticle> parse(String text) {
    List<DemoArticle> out = new ArrayList<>();
    Map<String, String> header = null;
    StringBuilder body = null;
    for (String line : text.split("\n", -1)) {
      if (line.equals("%%%")) {
        if (header != null) {
          out.add(new DemoArticle(header, body == null ? "" : body.toString().strip()));
        }
        header = new LinkedHashMap<>();
        body = null;
      } else if (header != null && body == null) {
        if (line.equals("---")) {
          body = new StringBuilder();
        } else if (line.contains(":")) {
          int colon = line.indexOf(':');
          header.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      } else if (body != null) {
        body.append(line).append('\n');
      }
    }
    if (header != null) {
      out.add(new DemoArticle(header, body == null ? "" : body.toString().strip()));
    }
    return out;
  }
}

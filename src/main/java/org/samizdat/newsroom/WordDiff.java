package org.samizdat.newsroom;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A word-by-word comparison of two texts, as runs of kept, removed and added text. */
public final class WordDiff {

  private static final Pattern TOKENS = Pattern.compile("\\s+|[^\\s]+");

  /** One run of text: {@code kind} is "same", "removed" or "added". */
  public record Run(String kind, String text) {}

  private WordDiff() {}

  static List<Run> between(String before, String after) {
    List<String> a = tokens(before);
    List<String> b = tokens(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    List<Run> runs = new ArrayList<>();
    int at = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      int start = delta.getSource().getPosition();
      add(runs, "same", a.subList(at, start));
      add(runs, "removed", delta.getSource().getLines());
      add(runs, "added", delta.getTarget().getLines());
      at = start + delta.getSource().size();
    }
    add(runs, "same", a.subList(at, a.size()));
    return runs;
  }

  static boolean changed(List<Run> runs) {
    return runs.stream().anyMatch(r -> !r.kind().equals("same"));
  }

  private static void add(List<Run> runs, String kind, List<String> tokens) {
    if (tokens.isEmpty()) {
      return;
    }
    String text = String.join("", tokens);
    if (!runs.isEmpty() && runs.get(runs.size() - 1).kind().equals(kind)) {
      Run last = runs.remove(runs.size() - 1);
      text = last.text() + text;
    }
    runs.add(new Run(kind, text));
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKENS.matcher(text == null ? "" : text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}

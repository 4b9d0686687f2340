package org.samizdat.publishing;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Readable ASCII slugs for URLs, with Russian transliterated. */
public final class Slugs {

  public static final Pattern VALID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  private static final Map<Character, String> CYRILLIC =
      Map.ofEntries(
          Map.entry('а', "a"),
          Map.entry('б', "b"),
          Map.entry('в', "v"),
          Map.entry('г', "g"),
          Map.entry('д', "d"),
          Map.entry('е', "e"),
          Map.entry('ё', "e"),
          Map.entry('ж', "zh"),
          Map.entry('з', "z"),
          Map.entry('и', "i"),
          Map.entry('й', "y"),
          Map.entry('к', "k"),
          Map.entry('л', "l"),
          Map.entry('м', "m"),
          Map.entry('н', "n"),
          Map.entry('о', "o"),
          Map.entry('п', "p"),
          Map.entry('р', "r"),
          Map.entry('с', "s"),
          Map.entry('т', "t"),
          Map.entry('у', "u"),
          Map.entry('ф', "f"),
          Map.entry('х', "kh"),
          Map.entry('ц', "ts"),
          Map.entry('ч', "ch"),
          Map.entry('ш', "sh"),
          Map.entry('щ', "shch"),
          Map.entry('ъ', ""),
          Map.entry('ы', "y"),
          Map.entry('ь', ""),
          Map.entry('э', "e"),
          Map.entry('ю', "yu"),
          Map.entry('я', "ya"));

  private Slugs() {}

  public static String from(String text, int maxLength) {
    StringBuilder out = new StringBuilder();
    String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
    for (char c : lower.toCharArray()) {
      String t = CYRILLIC.get(c);
      out.append(t != null ? t : String.valueOf(c));
    }
    String ascii = Normalizer.normalize(out, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > maxLength) {
      slug = slug.substring(0, maxLength);
      int cut = slug.lastIndexOf('-');
      if (cut > maxLength / 2) {
        slug = slug.substring(0, cut);
      }
      slug = slug.replaceAll("-+$", "");
    }
    return slug;
  }

  public static boolean isValid(String slug, int maxLength) {
    return slug != null && slug.length() <= maxLength && VALID.matcher(slug).matches();
  }
}

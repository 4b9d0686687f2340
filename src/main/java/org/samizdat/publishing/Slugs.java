package org.samizdat.publishing;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Readable ASCII slugs for URLs, with Russian transliterated. */
public final class Slugs {

  public static final Pattern VALID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  /** The Russian alphabet by its code points: Java sources hold no Cyrillic (a test checks). */
  private static final Map<Character, String> CYRILLIC =
      Map.ofEntries(
          Map.entry('\u0430', "a"),
          Map.entry('\u0431', "b"),
          Map.entry('\u0432', "v"),
          Map.entry('\u0433', "g"),
          Map.entry('\u0434', "d"),
          Map.entry('\u0435', "e"),
          Map.entry('\u0451', "e"),
          Map.entry('\u0436', "zh"),
          Map.entry('\u0437', "z"),
          Map.entry('\u0438', "i"),
          Map.entry('\u0439', "y"),
          Map.entry('\u043a', "k"),
          Map.entry('\u043b', "l"),
          Map.entry('\u043c', "m"),
          Map.entry('\u043d', "n"),
          Map.entry('\u043e', "o"),
          Map.entry('\u043f', "p"),
          Map.entry('\u0440', "r"),
          Map.entry('\u0441', "s"),
          Map.entry('\u0442', "t"),
          Map.entry('\u0443', "u"),
          Map.entry('\u0444', "f"),
          Map.entry('\u0445', "kh"),
          Map.entry('\u0446', "ts"),
          Map.entry('\u0447', "ch"),
          Map.entry('\u0448', "sh"),
          Map.entry('\u0449', "shch"),
          Map.entry('\u044a', ""),
          Map.entry('\u044b', "y"),
          Map.entry('\u044c', ""),
          Map.entry('\u044d', "e"),
          Map.entry('\u044e', "yu"),
          Map.entry('\u044f', "ya"));

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

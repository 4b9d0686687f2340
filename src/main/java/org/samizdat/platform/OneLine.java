package org.samizdat.platform;

/**
 * Names and labels are one line: any run of whitespace (line breaks and tabs included) becomes one
 * space, and the ends are trimmed. A line break kept in a name breaks the forms that show it (an
 * {@code <input>} value may not hold one) and the headers and subjects that quote it.
 */
public final class OneLine {

  private OneLine() {}

  public static String of(String text) {
    return text == null ? null : text.strip().replaceAll("\\s+", " ");
  }
}

package org.samizdat.platform.i18n;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/** The reader interface's words in one language, from messages_en/ru.properties. */
public final class Messages {

  private static final Messages EN = new Messages(Language.EN);
  private static final Messages RU = new Messages(Language.RU);

  private final Language language;
  private final ResourceBundle bundle;
  private final ULocale locale;

  /**
   * Each message's parsed pattern, made once (a copy per caller at a time): parsing it (and the
   * locale) on every call was most of what a receipt or a page's numbers cost to write.
   */
  private final ConcurrentHashMap<String, Formatters<MessageFormat>> formats =
      new ConcurrentHashMap<>();

  private Messages(Language language) {
    this.language = language;
    this.locale = ULocale.forLanguageTag(language.code());
    this.bundle =
        ResourceBundle.getBundle(
            "messages",
            Locale.forLanguageTag(language.code()),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  public static Messages of(Language language) {
    return language == Language.RU ? RU : EN;
  }

  public Language language() {
    return language;
  }

  public String t(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  /**
   * A message with its arguments, through ICU's MessageFormat: real plurals in both languages (in
   * Russian {@code one}, {@code few}, {@code many} and {@code other} forms).
   */
  public String t(String key, Object... args) {
    // ICU's MessageFormat keeps state while it formats: each copy serves one caller at a time
    return formats
        .computeIfAbsent(key, k -> new Formatters<>(() -> new MessageFormat(t(k), locale)))
        .with(format -> format.format(args));
  }
}

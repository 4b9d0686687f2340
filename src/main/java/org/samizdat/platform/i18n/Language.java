package org.samizdat.platform.i18n;

import java.util.Locale;
import java.util.Optional;

/** The languages the newsroom publishes in. */
public enum Language {
  EN("English"),
  RU("Русский");

  private final String nativeName;

  Language(String nativeName) {
    this.nativeName = nativeName;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String nativeName() {
    return nativeName;
  }

  public Locale locale() {
    return Locale.forLanguageTag(code());
  }

  public static Optional<Language> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Language language : values()) {
      if (language.code().equalsIgnoreCase(code.trim())) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }
}

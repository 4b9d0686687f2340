package org.samizdat.platform.i18n;

import java.util.Locale;
import java.util.Optional;

/** The languages the newsroom publishes in. */
public enum Language {
  EN,
  RU;

  // asked for on every page many times over: made once
  private final String code = name().toLowerCase(Locale.ROOT);
  private final Locale locale = Locale.forLanguageTag(code);

  public String code() {
    return code;
  }

  /** The language's name in itself ("English", "Russian" in Russian), from its own bundle. */
  public String nativeName() {
    return Messages.of(this).t("language.nativeName");
  }

  /** Where this language's edition of the site lives: English is the root, others under /code. */
  public String pathPrefix() {
    return this == EN ? "" : "/" + code();
  }

  public Locale locale() {
    return locale;
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

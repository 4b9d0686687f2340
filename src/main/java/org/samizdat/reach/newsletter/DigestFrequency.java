package org.samizdat.reach.newsletter;

import java.util.Locale;
import java.util.Optional;

/** How often a subscriber gets the digest. */
public enum DigestFrequency {
  DAILY,
  WEEKLY;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DigestFrequency> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (DigestFrequency f : values()) {
      if (f.code().equalsIgnoreCase(code.trim())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}

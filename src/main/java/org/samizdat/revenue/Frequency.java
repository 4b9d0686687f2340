package org.samizdat.revenue;

import java.util.Locale;
import java.util.Optional;

/** How often a reader gives. */
public enum Frequency {
  ONCE,
  MONTHLY,
  ANNUAL;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isRecurring() {
    return this != ONCE;
  }

  public static Optional<Frequency> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Frequency f : values()) {
      if (f.code().equalsIgnoreCase(code.trim())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}

package org.samizdat.revenue.experiments;

import java.util.Locale;
import java.util.Optional;

/** Where on the site an experiment runs. */
public enum Placement {
  BANNER("Banner on every page"),
  APPEAL("Appeal under each article"),
  SUPPORT("Form on the support page"),
  THANKS("Offer on the thank-you page after a one-time gift");

  private final String label;

  Placement(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Placement> fromCode(String code) {
    for (Placement p : values()) {
      if (p.code().equalsIgnoreCase(code == null ? "" : code.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

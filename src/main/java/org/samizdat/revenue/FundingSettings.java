package org.samizdat.revenue;

import java.time.LocalDate;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;

/**
 * What editors control about asking for money: the monthly goal, the copy of the banner and the
 * appeal in each language (Markdown, with {since}, {goal} and {minimum} filled in), and how often
 * readers are asked.
 */
public record FundingSettings(
    Money goal,
    LocalDate adsDisabledSince,
    String bannerEn,
    String bannerRu,
    String appealEn,
    String appealRu,
    String otherWaysEn,
    String otherWaysRu,
    Frequency defaultFrequency,
    int bannerDismissDays,
    int remindLaterDays,
    int appealCapViews,
    int appealCapDays,
    int thanksDays) {

  public String banner(String language) {
    return switch (in(language)) {
      case EN -> bannerEn;
      case RU -> bannerRu;
    };
  }

  public String appeal(String language) {
    return switch (in(language)) {
      case EN -> appealEn;
      case RU -> appealRu;
    };
  }

  public String otherWays(String language) {
    return switch (in(language)) {
      case EN -> otherWaysEn;
      case RU -> otherWaysRu;
    };
  }

  /** The copy's language: anything but a language the site speaks reads English. */
  private static Language in(String language) {
    return Language.fromCode(language).filter(l -> l.code().equals(language)).orElse(Language.EN);
  }
}

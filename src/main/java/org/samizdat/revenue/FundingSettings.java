package org.samizdat.revenue;

import java.time.LocalDate;
import org.samizdat.platform.Money;

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
    return "ru".equals(language) ? bannerRu : bannerEn;
  }

  public String appeal(String language) {
    return "ru".equals(language) ? appealRu : appealEn;
  }

  public String otherWays(String language) {
    return "ru".equals(language) ? otherWaysRu : otherWaysEn;
  }
}

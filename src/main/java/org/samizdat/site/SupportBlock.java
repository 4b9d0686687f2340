package org.samizdat.site;

import java.util.List;

/**
 * The banner and the appeal as every reader of one edition gets them: the same HTML for all.
 * Whether a reader dismissed, snoozed or already gave is decided in their browser, from the data
 * attributes, and never sent to us.
 */
public record SupportBlock(
    String bannerHtml,
    String appealHtml,
    String raised,
    String goal,
    int percent,
    boolean testMode,
    String defaultFrequency,
    List<FrequencyOption> frequencies,
    String currency,
    List<String> currencies,
    String otherWaysHtml,
    int dismissDays,
    int remindDays,
    int capViews,
    int capDays,
    int thanksDays,
    List<String> providerNames) {

  public record FrequencyOption(
      String code, String label, List<AmountOption> amounts, String minimum, boolean isDefault) {}

  public record AmountOption(String value, String label, boolean preselected) {}
}

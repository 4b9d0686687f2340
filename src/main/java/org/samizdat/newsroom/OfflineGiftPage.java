package org.samizdat.newsroom;

import java.util.List;
import java.util.Map;

/** The form for a gift that came outside any provider, as typed. */
public record OfflineGiftPage(
    List<String> currencies,
    String email,
    String amount,
    String currency,
    String date,
    String language,
    String today,
    Map<String, String> errors) {

  public String error(String field) {
    return errors.get(field);
  }
}

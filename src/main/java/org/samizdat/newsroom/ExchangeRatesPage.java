package org.samizdat.newsroom;

import java.util.List;
import java.util.Map;
import org.samizdat.revenue.ExchangeRates.Rate;

/**
 * The exchange rates that count gifts in other currencies toward the goal, and the form for a new
 * one, as typed.
 *
 * @param missing accepted currencies that have no rate yet: their gifts are not counted
 */
public record ExchangeRatesPage(
    String goalCurrency,
    List<Rate> rates,
    List<String> missing,
    List<String> currencies,
    String currency,
    String rate,
    String asOf,
    String today,
    Map<String, String> errors) {

  public String error(String field) {
    return errors.get(field);
  }
}

package org.samizdat.newsroom;

import java.util.Map;
import org.samizdat.revenue.GivingDetails;

/** The page: what is there now, what was typed, and what is wrong with it. */
public record GivingPage(
    GivingDetails.SafeGiving safeGiving,
    java.util.List<GivingDetails.BankAccount> bankAccounts,
    java.util.List<GivingDetails.CryptoAddress> cryptoAddresses,
    Map<String, String> typed,
    Map<String, String> errors) {
  public String typed(String field) {
    return typed.getOrDefault(field, "");
  }

  public String error(String field) {
    return errors.get(field);
  }
}

package org.samizdat.revenue;

import java.math.BigDecimal;
import java.util.Currency;
import org.samizdat.platform.InputRejected;

/** Amounts as staff type them (major units: "5", "12.50") read into minor units, and back. */
final class MajorUnits {

  /** Far above any real gift or goal, far below where a long would overflow. */
  static final long LIMIT_MINOR = 1_000_000_000_000L;

  private MajorUnits() {}

  /** A positive amount in minor units of the currency, or a message for the field. */
  static long toMinor(String raw, Currency currency, String field) {
    String text = raw == null ? "" : raw.trim().replace(" ", "").replace("\u00a0", "");
    if (text.isEmpty()) {
      throw new InputRejected(field, "Enter an amount.");
    }
    if (text.length() > 15 || !text.matches("[-+]?\\d*([.,]\\d*)?") || !text.matches(".*\\d.*")) {
      throw new InputRejected(
          field, "Enter the amount as a number, like 5 or 12.50; '" + raw.trim() + "' is not one.");
    }
    BigDecimal major = new BigDecimal(text.replace(',', '.'));
    if (major.signum() <= 0) {
      throw new InputRejected(field, "The amount must be more than zero.");
    }
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    if (major.stripTrailingZeros().scale() > digits) {
      throw new InputRejected(
          field,
          currency.getCurrencyCode() + " amounts have at most " + digits + " decimal places.");
    }
    long minor = major.movePointRight(digits).longValueExact();
    if (minor > LIMIT_MINOR) {
      throw new InputRejected(
          field, "That amount is implausibly large; check the number of digits.");
    }
    return minor;
  }

  /**
   * Minor units as a plain number of major units for a form field: 1250 USD -> "12.50", 500 -> "5".
   */
  static String toMajor(long minor, Currency currency) {
    BigDecimal major = BigDecimal.valueOf(minor, Math.max(0, currency.getDefaultFractionDigits()));
    return major.stripTrailingZeros().scale() <= 0
        ? major.setScale(0).toPlainString()
        : major.toPlainString();
  }
}

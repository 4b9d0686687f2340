package org.samizdat.revenue;

import java.math.BigInteger;
import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.i18n.Language;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ways to give outside the payment rails, as fields editors fill in: bank accounts per currency
 * and crypto addresses for readers who cannot open a checkout, and the safe-giving page's words
 * (Markdown, both languages). Every change tells whoever shows them ({@link
 * FundingSettingsChanged}).
 */
@Service
public class GivingDetails {

  /** A bank account readers may transfer to. */
  public record BankAccount(
      long id,
      String currency,
      String accountHolder,
      String iban,
      String bic,
      String bankName,
      String reference) {

    /** The IBAN in groups of four, as banks print it. */
    public String ibanGrouped() {
      return iban.replaceAll("(.{4})(?!$)", "$1 ");
    }
  }

  /** A wallet address readers may send crypto to directly. */
  public record CryptoAddress(long id, String currency, String address) {}

  /** The safe-giving page's words (Markdown) in each edition's language. */
  public record SafeGiving(String en, String ru) {
    public String text(Language language) {
      return switch (language) {
        case RU -> ru;
        case EN -> en;
      };
    }
  }

  private final GivingDetailsRepository details;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  GivingDetails(GivingDetailsRepository details, Clock clock, ApplicationEventPublisher events) {
    this.details = details;
    this.clock = clock;
    this.events = events;
  }

  public SafeGiving safeGiving() {
    return details.safeGiving();
  }

  public List<BankAccount> bankAccounts() {
    return details.bankAccounts();
  }

  public List<CryptoAddress> cryptoAddresses() {
    return details.cryptoAddresses();
  }

  @Transactional
  public void saveSafeGiving(String en, String ru) {
    Map<String, String> problems = new LinkedHashMap<>();
    check(problems, "safeGivingEn", en, 20_000, true);
    check(problems, "safeGivingRu", ru, 20_000, true);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    details.saveSafeGiving(new SafeGiving(en.strip(), ru.strip()), clock.instant());
    changed();
  }

  @Transactional
  public long addBankAccount(
      String currency,
      String accountHolder,
      String iban,
      String bic,
      String bankName,
      String reference) {
    Map<String, String> problems = new LinkedHashMap<>();
    String code = currency == null ? "" : currency.trim().toUpperCase(Locale.ROOT);
    try {
      if (!code.matches("[A-Z]{3}")) {
        throw new IllegalArgumentException();
      }
      Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      problems.put("currency", "Enter the currency as its three-letter code, like EUR or USD.");
    }
    check(problems, "accountHolder", accountHolder, 200, true);
    String normalIban = iban == null ? "" : iban.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    if (!validIban(normalIban)) {
      problems.put(
          "iban",
          "That is not a valid IBAN (two letters, two check digits, then the account): check for"
              + " a typo.");
    }
    String normalBic = bic == null ? "" : bic.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    if (!normalBic.isEmpty() && !normalBic.matches("[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
      problems.put("bic", "A BIC (SWIFT code) has 8 or 11 letters and digits, like DEUTDEFF.");
    }
    check(problems, "bankName", bankName, 200, false);
    check(problems, "reference", reference, 140, false);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    long id =
        details.addBankAccount(
            new BankAccount(
                0,
                code,
                accountHolder.strip(),
                normalIban,
                normalBic,
                bankName == null ? "" : bankName.strip(),
                reference == null ? "" : reference.strip()),
            clock.instant());
    changed();
    return id;
  }

  @Transactional
  public long addCryptoAddress(String currency, String address) {
    Map<String, String> problems = new LinkedHashMap<>();
    String label = currency == null ? "" : currency.strip();
    if (!label.matches("[A-Za-z0-9][A-Za-z0-9 ()\\-.]{0,39}")) {
      problems.put(
          "cryptoCurrency",
          "Name the currency (and network if it matters) in letters and digits, like BTC or USDT"
              + " (TRC-20).");
    }
    String value = address == null ? "" : address.strip();
    if (!value.matches("[A-Za-z0-9:_\\-.?=&]{14,200}")) {
      problems.put(
          "address",
          "That does not look like a wallet address: letters and digits only, 14 to 200 of them.");
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    long id = details.addCryptoAddress(label, value, clock.instant());
    changed();
    return id;
  }

  @Transactional
  public void deleteBankAccount(long id) {
    details.deleteBankAccount(id);
    changed();
  }

  @Transactional
  public void deleteCryptoAddress(long id) {
    details.deleteCryptoAddress(id);
    changed();
  }

  private void changed() {
    events.publishEvent(new FundingSettingsChanged(clock.instant()));
  }

  /** ISO 13616: country, check digits, account; mod 97 of the rearranged number is 1. */
  static boolean validIban(String iban) {
    if (!iban.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")) {
      return false;
    }
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder digits = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static void check(
      Map<String, String> problems, String field, String value, int max, boolean required) {
    String v = value == null ? "" : value.strip();
    if (required && v.isEmpty()) {
      problems.put(field, "This cannot be empty.");
    } else if (v.length() > max) {
      problems.put(field, "Keep it to " + max + " characters.");
    } else if (v.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      problems.put(field, "Control characters are not allowed here.");
    }
  }
}

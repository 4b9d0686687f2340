package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.mail.Mail;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.LedgerRepository.Giver;
import org.samizdat.revenue.LedgerRepository.LedgerEntryRow;
import org.samizdat.revenue.LedgerRepository.NewLedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Money the newsroom records by hand: refunds made outside a provider, and gifts that came another
 * way (a bank transfer, cash at an event). Each is a new ledger entry from provider {@value
 * #PROVIDER}; nothing already in the ledger changes.
 */
@Service
public class ManualContributions {

  public static final String PROVIDER = "manual";

  private static final Logger log = LoggerFactory.getLogger(ManualContributions.class);
  private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

  private final LedgerRepository ledger;
  private final SupporterRepository supporters;
  private final Funding funding;
  private final Clock clock;
  private final ZoneId zone;

  ManualContributions(
      LedgerRepository ledger,
      SupporterRepository supporters,
      Funding funding,
      Clock clock,
      PlatformSettings platform) {
    this.ledger = ledger;
    this.supporters = supporters;
    this.funding = funding;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  /**
   * Records that part or all of a payment went back to the supporter: a REFUND entry with the
   * payment's frequency, supporter, subscription and payment id, so the goal's progress drops the
   * way the payment raised it. Never more than what is left after earlier refunds.
   *
   * @param amount in major units, as typed ("12.50")
   * @return the amount refunded now
   */
  @Transactional
  public Money refund(long entryId, String amount) {
    // Locks the payment, so two refunds recorded at once cannot both take what is left.
    LedgerEntryRow payment =
        ledger
            .entryForUpdate(entryId)
            .orElseThrow(() -> new NotFoundException("There is no ledger entry " + entryId + "."));
    if (!"PAYMENT".equals(payment.kind()) && !"RENEWAL".equals(payment.kind())) {
      throw new InputRejected(
          "amount",
          "Only payments and renewals can be refunded; entry "
              + entryId
              + " is a "
              + payment.kind().toLowerCase(Locale.ROOT)
              + ".");
    }
    Currency currency = payment.amount().currency();
    long refundedSoFar = ledger.refundedOn(entryId);
    Money remaining = new Money(Math.max(0, payment.amount().minor() - refundedSoFar), currency);
    if (!remaining.isPositive()) {
      throw new InputRejected("amount", "This payment has already been refunded in full.");
    }
    long minor = MajorUnits.toMinor(amount, currency, "amount");
    if (minor > remaining.minor()) {
      throw new InputRejected(
          "amount",
          "At most "
              + remaining.format(Locale.ENGLISH)
              + " of this payment of "
              + payment.amount().format(Locale.ENGLISH)
              + " can still be refunded; "
              + new Money(minor, currency).format(Locale.ENGLISH)
              + " is more than that.");
    }
    Instant now = clock.instant();
    String paymentId =
        payment.paymentId() != null ? payment.paymentId() : "ledger-entry-" + payment.id();
    Money refund = new Money(minor, currency);
    ledger.insertEntry(
        NewLedgerEntry.refund(
            PROVIDER,
            PROVIDER + "-" + UUID.randomUUID(),
            payment.giver(),
            refund.negate(),
            paymentId,
            now),
        now);
    log.info("Refund of {} recorded by hand against ledger entry {}", refund, entryId);
    return refund;
  }

  /**
   * Finds the supporter by e-mail, or adds them; unlike a checkout, a hand-recorded gift changes
   * nothing we know of them.
   */
  private long supporterFor(String email, String language, Instant now) {
    supporters.addIfAbsent(email, language, now);
    return supporters.idOf(email).orElseThrow();
  }

  /**
   * Records a one-time gift that came outside any provider. The supporter is found or added by
   * e-mail. A gift dated today is recorded at the current time; an earlier one at the start of its
   * day in the newsroom's time zone, so it counts in that day's month.
   *
   * @param amount in major units, as typed; not held to the limits for readers' online gifts
   * @param currency one of the currencies the amount rules list
   * @param date the day the money arrived, YYYY-MM-DD, not in the future
   * @param language en or ru: the language of any e-mail we send a supporter who is new to us; a
   *     supporter we already know keeps theirs
   * @return the new ledger entry's id
   */
  @Transactional
  public long recordOfflineGift(
      String email, String amount, String currency, String date, String language) {
    Map<String, String> problems = new LinkedHashMap<>();
    String address = email == null ? "" : email.trim();
    // the address we will mail receipts, reminders and manage-my-support links to: the outbox's own
    // rule
    if (!Mail.isAddress(address)) {
      problems.put("email", "Enter the supporter's e-mail address, like name@example.org.");
    }
    if (Language.fromCode(language).map(Language::code).filter(c -> c.equals(language)).isEmpty()) {
      problems.put("language", "Choose English or Russian for the supporter's e-mails.");
    }
    Currency giftCurrency = null;
    try {
      giftCurrency = funding.currency(currency);
    } catch (InputRejected e) {
      problems.putAll(e.problems());
    }
    long minor = 0;
    if (giftCurrency != null) {
      try {
        minor = MajorUnits.toMinor(amount, giftCurrency, "amount");
      } catch (InputRejected e) {
        problems.putAll(e.problems());
      }
    }
    LocalDate today = LocalDate.now(clock.withZone(zone));
    LocalDate day = null;
    try {
      day = LocalDate.parse(date == null ? "" : date.trim());
      if (day.isAfter(today)) {
        problems.put(
            "date",
            "The date cannot be in the future; record the gift when the money has arrived.");
      } else if (day.isBefore(EARLIEST)) {
        problems.put("date", "Enter a date from " + EARLIEST + " on.");
      }
    } catch (DateTimeParseException e) {
      problems.put(
          "date", "Enter the date the money arrived as YYYY-MM-DD, for example " + today + ".");
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Instant now = clock.instant();
    Instant occurred = day.equals(today) ? now : day.atStartOfDay(zone).toInstant();
    long supporter = supporterFor(address, language, now);
    String id = PROVIDER + "-" + UUID.randomUUID();
    Money gift = new Money(minor, giftCurrency);
    // The event id doubles as the payment id, so refunds can be recorded against it later.
    long entry =
        ledger.insertEntry(
            NewLedgerEntry.payment(PROVIDER, id, Giver.once(supporter), gift, id, occurred), now);
    log.info("Offline gift of {} dated {} recorded by hand as ledger entry {}", gift, day, entry);
    return entry;
  }
}

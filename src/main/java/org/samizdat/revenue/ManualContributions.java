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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  /**
   * The ids of the refunds recorded against payment {@code :id}: the provider's own (same provider
   * and payment id, as webhooks record them) and manual ones, which carry the payment's id, or
   * {@code ledger-entry-<id>} when the payment has none.
   */
  static final String REFUNDS_OF_ENTRY =
      """
      SELECT r.id FROM ledger_entry r JOIN ledger_entry p ON p.id = :id
      WHERE r.kind = 'REFUND' AND r.currency = p.currency
        AND ((p.provider_payment_id IS NOT NULL AND r.provider_payment_id = p.provider_payment_id
              AND r.provider IN (p.provider, 'manual'))
             OR r.provider_payment_id = 'ledger-entry-' || p.id)""";

  private final LedgerRepository ledger;
  private final Funding funding;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ZoneId zone;

  ManualContributions(
      LedgerRepository ledger,
      Funding funding,
      JdbcClient jdbc,
      Clock clock,
      PlatformSettings platform) {
    this.ledger = ledger;
    this.funding = funding;
    this.jdbc = jdbc;
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
    Payment payment =
        jdbc.sql(
                """
            SELECT id, kind, supporter_id, subscription_id, frequency, amount_minor, currency, provider_payment_id
            FROM ledger_entry WHERE id = :id FOR UPDATE
            """)
            .param("id", entryId)
            .query(
                (rs, n) -> {
                  long supporter = rs.getLong("supporter_id");
                  Long supporterId = rs.wasNull() ? null : supporter;
                  long subscription = rs.getLong("subscription_id");
                  Long subscriptionId = rs.wasNull() ? null : subscription;
                  return new Payment(
                      rs.getLong("id"),
                      rs.getString("kind"),
                      supporterId,
                      subscriptionId,
                      Frequency.valueOf(rs.getString("frequency")),
                      Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                      rs.getString("provider_payment_id"));
                })
            .optional()
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
    long refundedSoFar =
        -jdbc.sql(
                "SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry WHERE id IN ("
                    + REFUNDS_OF_ENTRY
                    + ")")
            .param("id", entryId)
            .query(Long.class)
            .single();
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
        PROVIDER,
        PROVIDER + "-" + UUID.randomUUID(),
        "REFUND",
        payment.supporterId(),
        payment.subscriptionId(),
        payment.frequency(),
        refund.negate(),
        paymentId,
        now,
        now,
        null);
    log.info("Refund of {} recorded by hand against ledger entry {}", refund, entryId);
    return refund;
  }

  /**
   * Finds the supporter by e-mail, or adds them; unlike a checkout, a hand-recorded gift changes
   * nothing we know of them.
   */
  private long supporterFor(String email, String language, Instant now) {
    jdbc.sql(
            """
            INSERT INTO supporter (email, language, created_at) VALUES (:email, :language, :now)
            ON CONFLICT (lower(email)) DO NOTHING
            """)
        .param("email", email)
        .param("language", language)
        .param("now", java.sql.Timestamp.from(now))
        .update();
    return jdbc.sql("SELECT id FROM supporter WHERE lower(email) = lower(:email)")
        .param("email", email)
        .query(Long.class)
        .single();
  }

  private record Payment(
      long id,
      String kind,
      Long supporterId,
      Long subscriptionId,
      Frequency frequency,
      Money amount,
      String paymentId) {}

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
            PROVIDER,
            id,
            "PAYMENT",
            supporter,
            null,
            Frequency.ONCE,
            gift,
            id,
            occurred,
            now,
            null);
    log.info("Offline gift of {} dated {} recorded by hand as ledger entry {}", gift, day, entry);
    return entry;
  }
}

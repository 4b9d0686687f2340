package org.samizdat.revenue;

import java.time.LocalDate;
import java.time.ZoneId;
import org.samizdat.platform.PlatformSettings;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Sends the receipt for every payment the ledger records. It runs after the payment's transaction
 * committed, in a transaction of its own, so a failing mail step never makes a provider retry the
 * payment; the event publication registry keeps the event until this has run, and republishes it
 * after a restart. A receipt is queued under an id made from its ledger entry, so a second run
 * queues nothing.
 */
@Component
class Receipts {

  private final LedgerRepository ledger;
  private final RevenueMail mail;
  private final ZoneId zone;

  Receipts(LedgerRepository ledger, RevenueMail mail, PlatformSettings platform) {
    this.ledger = ledger;
    this.mail = mail;
    this.zone = platform.timeZone();
  }

  /**
   * Only gifts with a supporter: an anonymous gift has no address and no receipt mail (its receipt
   * is on screen). The condition is read before the event publication registry stores anything, so
   * an anonymous gift (most crypto gifts) costs no publication row and no second transaction.
   */
  @ApplicationModuleListener(condition = "#event.supporterId() != null")
  void on(ContributionCompleted event) {
    // the supporter's address, and the language of their latest checkout
    ledger
        .contact(event.supporterId())
        .ifPresent(
            contact ->
                mail.receipt(
                    event.ledgerEntryId(),
                    contact.email(),
                    contact.language(),
                    event.amount(),
                    event.frequency(),
                    event.renewal(),
                    LocalDate.ofInstant(event.occurredAt(), zone)));
  }
}

package org.samizdat.platform.mail;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Where modules put the e-mails they want sent. A mail is only a row until the sender delivers it,
 * which makes sending as transactional as the change that caused it: enqueue a receipt in the
 * transaction that records the contribution, and if that rolls back, no receipt goes out.
 */
@Service
public class MailOutbox {

  private final OutboxRepository outbox;
  private final Clock clock;

  MailOutbox(OutboxRepository outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * Queues a mail for sending within seconds. Joins the caller's transaction when there is one
   * (JdbcClient uses the transaction's connection); without one, the mail is queued at once.
   *
   * @return the mail's id in the outbox, also the local part of its Message-ID
   */
  public UUID enqueue(Mail mail) {
    UUID id = UUID.randomUUID();
    outbox.insert(id, mail, clock.instant());
    return id;
  }

  /**
   * Queues a mail under an id the caller derives from what it reports (e.g. a receipt from its
   * ledger entry), so that queueing it again, as an event listener run twice does, changes nothing.
   *
   * @return false when a mail with this id was queued before
   */
  public boolean enqueueOnce(UUID id, Mail mail) {
    return outbox.insert(id, mail, clock.instant());
  }
}

package org.samizdat.platform.mail;

import java.time.Clock;
import java.util.Collection;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Where modules put the e-mails they want sent. A mail is only a row until the sender delivers it,
 * which makes sending as transactional as the change that caused it: enqueue a receipt in the
 * transaction that records the contribution, and if that rolls back, no receipt goes out.
 *
 * <p>Once a mail is sent, or given up after its last attempt, its recipient, subject, bodies and
 * headers are erased; the row keeps only its id, kind, times and status. Each mail has a kind
 * ({@code receipt}, {@code newsletter-digest}...), a short name that says what it was without
 * saying to whom.
 */
@Service
public class MailOutbox {

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  /** Receipts, links, confirmations: a reader is waiting for these. */
  static final int TRANSACTIONAL = 0;

  /** Digests: they wait behind every transactional mail. */
  static final int BULK = 1;

  private final OutboxRepository outbox;
  private final Clock clock;

  MailOutbox(OutboxRepository outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Queues a transactional mail of no particular kind; prefer {@link #enqueue(String, Mail)}. */
  public UUID enqueue(Mail mail) {
    return enqueue("mail", mail);
  }

  /**
   * Queues a transactional mail (a receipt, a link a reader asked for) for sending within seconds,
   * ahead of any bulk mail. Joins the caller's transaction when there is one (JdbcClient uses the
   * transaction's connection); without one, the mail is queued at once.
   *
   * @param kind what the mail is, e.g. {@code receipt}: lower-case letters, digits and dashes
   * @return the mail's id in the outbox, also the local part of its Message-ID
   */
  public UUID enqueue(String kind, Mail mail) {
    return insert(kind, TRANSACTIONAL, mail);
  }

  /** Queues a bulk mail (a newsletter digest): it goes out after every transactional mail due. */
  public UUID enqueueBulk(String kind, Mail mail) {
    return insert(kind, BULK, mail);
  }

  /**
   * Deletes the mails of these kinds still waiting to go to an address, e.g. the digest queued for
   * a reader who has just unsubscribed. Joins the caller's transaction.
   *
   * @return how many mails were withdrawn
   */
  public int withdraw(String address, Collection<String> kinds) {
    return outbox.withdraw(address, kinds);
  }

  private UUID insert(String kind, int priority, Mail mail) {
    checkKind(kind);
    UUID id = UUID.randomUUID();
    outbox.insert(id, kind, priority, mail, clock.instant());
    return id;
  }

  private static void checkKind(String kind) {
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "A mail's kind is a short name of lower-case letters, digits and dashes like"
              + " 'receipt', not '"
              + kind
              + "'.");
    }
  }

  /**
   * Queues a mail under an id the caller derives from what it reports (e.g. a receipt from its
   * ledger entry), so that queueing it again, as an event listener run twice does, changes nothing.
   *
   * @return false when a mail with this id was queued before
   */
  public boolean enqueueOnce(UUID id, Mail mail) {
    return enqueueOnce("mail", id, mail);
  }

  /** As {@link #enqueueOnce(UUID, Mail)}, for a transactional mail of a kind. */
  public boolean enqueueOnce(String kind, UUID id, Mail mail) {
    checkKind(kind);
    return outbox.insert(id, kind, TRANSACTIONAL, mail, clock.instant());
  }
}

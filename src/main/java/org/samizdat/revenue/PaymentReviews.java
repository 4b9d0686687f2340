package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payments a person should look at: money that arrived after its invoice expired, less or more than
 * the checkout asked. The ledger already holds what arrived (it counts toward the goal); a review
 * is the newsroom's note that someone looked and decided what to do (refund the extra, write to the
 * reader, nothing).
 */
@Service
public class PaymentReviews {

  private static final int NOTE_MAX = 500;

  /**
   * One payment to look at. Amounts are in the gift's currency.
   *
   * @param expected what the checkout asked for, or null if unknown
   * @param received all that had arrived on the payment when it was flagged
   * @param recorded what the ledger holds for the payment now
   * @param ledgerEntryId the payment's first ledger entry, or null when nothing was recorded
   */
  public record Review(
      long id,
      String provider,
      String paymentId,
      UUID checkoutId,
      String reason,
      Money expected,
      Money received,
      Money recorded,
      Long ledgerEntryId,
      Instant flaggedAt,
      Instant reviewedAt,
      String reviewedBy,
      String note) {

    public boolean reviewed() {
      return reviewedAt != null;
    }

    /** Received minus expected: positive when paid over, negative when paid short. */
    public Money difference() {
      return expected == null || !expected.currency().equals(received.currency())
          ? null
          : received.minus(expected);
    }
  }

  private final PaymentReviewRepository reviews;
  private final Clock clock;

  PaymentReviews(PaymentReviewRepository reviews, Clock clock) {
    this.reviews = reviews;
    this.clock = clock;
  }

  /** Payments nobody has marked reviewed yet, oldest first. */
  public List<Review> open(int limit) {
    return reviews.open(limit);
  }

  /** The latest reviewed ones, newest first. */
  public List<Review> reviewed(int limit) {
    return reviews.reviewed(limit);
  }

  public long openCount() {
    return reviews.openCount();
  }

  public Optional<Review> find(long id) {
    return reviews.find(id);
  }

  /**
   * Marks a payment reviewed by someone, with what they decided. False when there is no such review
   * or it was already marked (the first person's mark stays).
   */
  @Transactional
  public boolean markReviewed(long id, String by, String note) {
    String text = note == null ? "" : note.strip();
    if (text.length() > NOTE_MAX) {
      throw new InputRejected("note", "Keep the note to " + NOTE_MAX + " characters.");
    }
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw new InputRejected("note", "Control characters are not allowed in the note.");
    }
    return reviews.markReviewed(id, by, text.isEmpty() ? null : text, clock.instant());
  }
}

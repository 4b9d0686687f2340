package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import org.samizdat.platform.Money;
import org.samizdat.revenue.LedgerRepository.Giver;
import org.samizdat.revenue.LedgerRepository.NewLedgerEntry;
import org.samizdat.revenue.LedgerRepository.PaidEntry;
import org.samizdat.revenue.PaymentEvent.CheckoutClosed;
import org.samizdat.revenue.PaymentEvent.CheckoutCompleted;
import org.samizdat.revenue.PaymentEvent.Ignored;
import org.samizdat.revenue.PaymentEvent.PaymentArrived;
import org.samizdat.revenue.PaymentEvent.Refunded;
import org.samizdat.revenue.PaymentEvent.RenewalFailed;
import org.samizdat.revenue.PaymentEvent.RenewalPaid;
import org.samizdat.revenue.PaymentEvent.SubscriptionChanged;
import org.samizdat.revenue.PaymentEvent.SubscriptionEnded;
import org.samizdat.revenue.ProviderEventRepository.StoredEvent;
import org.samizdat.revenue.SubscriptionRepository.SubscriptionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns provider events into ledger entries, supporters and subscriptions, exactly once.
 *
 * <p>The provider's event id is the key: recording it and applying its effects happen in one
 * transaction, so a repeated or concurrent delivery finds the id taken and changes nothing, and a
 * crash half-way leaves nothing behind. Events that arrive before what they refer to (a renewal
 * before its checkout) are kept as UNMATCHED and applied when the subscription or payment appears;
 * nothing is dropped.
 */
@Service
public class PaymentEventProcessor {

  private static final Logger log = LoggerFactory.getLogger(PaymentEventProcessor.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public enum Outcome {
    PROCESSED,
    DUPLICATE,
    UNMATCHED,
    IGNORED
  }

  private final ProviderEventRepository providerEvents;
  private final LedgerRepository ledger;
  private final SupporterRepository supporters;
  private final SubscriptionRepository subscriptions;
  private final CheckoutRepository checkouts;
  private final PaymentReviewRepository reviews;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  PaymentEventProcessor(
      ProviderEventRepository providerEvents,
      LedgerRepository ledger,
      SupporterRepository supporters,
      SubscriptionRepository subscriptions,
      CheckoutRepository checkouts,
      PaymentReviewRepository reviews,
      ApplicationEventPublisher events,
      Clock clock) {
    this.providerEvents = providerEvents;
    this.ledger = ledger;
    this.supporters = supporters;
    this.subscriptions = subscriptions;
    this.checkouts = checkouts;
    this.reviews = reviews;
    this.events = events;
    this.clock = clock;
  }

  @Transactional
  public Outcome process(String provider, PaymentEvent event) {
    Instant now = clock.instant();
    // A reader who gave without leaving an address keeps it that way: the stored event never holds
    // an address, and applying it drops whatever address the provider returned for a checkout
    // marked anonymous (checkoutCompleted, paymentArrived), with no separate look-up before.
    String json = JSON.writeValueAsString(withoutPersonalData(event));
    ProviderEventRepository.Recorded recorded =
        providerEvents.recordOnce(
            provider,
            event.eventId(),
            event.getClass().getSimpleName(),
            subscriptionRef(event),
            paymentRef(event),
            json,
            now);
    if (!recorded.fresh()) {
      return Outcome.DUPLICATE;
    }
    return apply(provider, event, now, true, recorded.othersWaiting());
  }

  /**
   * @param fresh the event's row was just written, as PROCESSED, in this transaction: it needs
   *     changing only when the outcome is another (a stored event being retried always does)
   */
  private Outcome apply(String provider, PaymentEvent event, Instant now, boolean fresh) {
    return apply(provider, event, now, fresh, true);
  }

  /**
   * @param othersWaiting whether events about the same subscription or payment may wait for this
   *     one (false only when recording it found none)
   */
  private Outcome apply(
      String provider, PaymentEvent event, Instant now, boolean fresh, boolean othersWaiting) {
    String detail = "";
    Outcome outcome;
    if (event instanceof Ignored i) {
      outcome = Outcome.IGNORED;
      detail = "type " + i.type() + " is not used";
    } else if (event instanceof CheckoutCompleted c) {
      outcome = checkoutCompleted(provider, c, now, othersWaiting);
    } else if (event instanceof RenewalPaid r) {
      outcome = renewalPaid(provider, r, now, othersWaiting);
    } else if (event instanceof RenewalFailed f) {
      outcome = renewalFailed(provider, f, now);
    } else if (event instanceof SubscriptionChanged s) {
      outcome = subscriptionChanged(provider, s);
    } else if (event instanceof SubscriptionEnded e) {
      outcome = subscriptionEnded(provider, e);
    } else if (event instanceof Refunded r) {
      outcome = refunded(provider, r, now);
    } else if (event instanceof PaymentArrived p) {
      outcome = paymentArrived(provider, p, now);
    } else if (event instanceof CheckoutClosed c) {
      outcome = checkoutClosed(c, now);
    } else {
      throw new IllegalStateException("Unknown payment event " + event);
    }
    if (outcome == Outcome.UNMATCHED) {
      detail =
          "refers to "
              + (subscriptionRef(event) != null
                  ? "subscription " + subscriptionRef(event)
                  : "payment " + paymentRef(event))
              + ", which we have no record of yet";
      log.warn(
          "Payment event {} {} from {} is kept for review: it {}",
          event.getClass().getSimpleName(),
          event.eventId(),
          provider,
          detail);
    }
    if (!fresh || outcome != Outcome.PROCESSED) {
      providerEvents.mark(provider, event.eventId(), outcome.name(), detail, now);
    }
    return outcome;
  }

  private Outcome checkoutCompleted(
      String provider, CheckoutCompleted c, Instant now, boolean othersWaiting) {
    CheckoutRepository.CheckoutRow checkout =
        c.checkoutId() == null ? null : checkouts.checkoutRow(c.checkoutId(), false).orElse(null);
    if (checkout != null && checkout.anonymous() && !c.frequency().isRecurring()) {
      return anonymousGift(provider, c, now);
    }
    if (c.email() == null || c.email().isBlank()) {
      return Outcome.UNMATCHED;
    }
    String language = checkout == null ? "en" : checkout.language();
    long supporter = supporters.supporterFor(c.email(), language, now);
    Long subscriptionId = null;
    if (c.frequency().isRecurring() && c.subscriptionId() != null) {
      subscriptionId =
          subscriptions.insert(
              supporter, provider, c.subscriptionId(), c.frequency(), c.amount(), c.occurredAt());
    }
    long entry =
        ledger.insertEntry(
            NewLedgerEntry.payment(
                    provider,
                    c.eventId(),
                    new Giver(supporter, subscriptionId, c.frequency()),
                    c.amount(),
                    c.paymentId(),
                    c.occurredAt())
                .settledAs(c.settled())
                .completing(c.checkoutId()),
            now);
    events.publishEvent(
        new ContributionCompleted(
            entry, supporter, c.amount(), c.frequency(), false, c.occurredAt()));
    log.debug(
        "Contribution of {} ({}) recorded from {}", c.amount(), c.frequency().code(), provider);
    // Anything that arrived before this checkout and waited for it can be applied now.
    if (othersWaiting) {
      replayWaiting(provider, c.eventId(), c.subscriptionId(), c.paymentId(), now);
    }
    return Outcome.PROCESSED;
  }

  /**
   * A gift from a reader who chose not to leave an address: a ledger entry without a supporter, no
   * e-mail kept (whatever the provider returned is dropped here) and no receipt mail; the thank-you
   * page shows the receipt on screen instead.
   */
  private Outcome anonymousGift(String provider, CheckoutCompleted c, Instant now) {
    long entry =
        ledger.insertEntry(
            NewLedgerEntry.payment(
                    provider,
                    c.eventId(),
                    Giver.anonymous(),
                    c.amount(),
                    c.paymentId(),
                    c.occurredAt())
                .settledAs(c.settled())
                .completing(c.checkoutId()),
            now);
    events.publishEvent(
        new ContributionCompleted(entry, null, c.amount(), Frequency.ONCE, false, c.occurredAt()));
    log.debug("Anonymous contribution of {} recorded from {}", c.amount(), provider);
    return Outcome.PROCESSED;
  }

  /**
   * Records what arrived on a payment beyond what the ledger already holds for it. The checkout row
   * is locked first, so two events about one payment (a settled invoice and a late top-up) never
   * both count the same money.
   */
  private Outcome paymentArrived(String provider, PaymentArrived p, Instant now) {
    CheckoutRepository.CheckoutRow checkout =
        p.checkoutId() == null ? null : checkouts.checkoutRow(p.checkoutId(), true).orElse(null);
    if (checkout == null) {
      return Outcome.UNMATCHED;
    }
    Money total = p.totalArrived();
    long delta = total.minor() - ledger.paidSoFar(provider, p.paymentId(), total.currencyCode());
    Money expected = p.expected() != null ? p.expected() : checkout.amount();
    String review = p.review();
    if (review == null
        && (!expected.currency().equals(total.currency()) || expected.minor() != total.minor())) {
      review = "amount differs from the checkout";
    }
    if (review != null) {
      reviews.add(
          new PaymentReviewRepository.NewReview(
              provider, p.paymentId(), p.checkoutId(), review, expected, total),
          now);
      log.warn(
          "Payment {} from {} needs review: {} (asked {}, arrived {})",
          p.paymentId(),
          provider,
          review,
          expected,
          total);
    }
    if (delta <= 0) {
      return Outcome.PROCESSED;
    }
    Money amount = new Money(delta, total.currency());
    boolean anonymous = checkout.anonymous() || p.email() == null || p.email().isBlank();
    Long supporter =
        anonymous ? null : supporters.supporterFor(p.email(), checkout.language(), now);
    long entry =
        ledger.insertEntry(
            NewLedgerEntry.payment(
                    provider,
                    p.eventId(),
                    Giver.once(supporter),
                    amount,
                    p.paymentId(),
                    p.occurredAt())
                .completing(p.checkoutId()),
            now);
    // the receipt, if there is an address, goes out from Receipts on this event
    events.publishEvent(
        new ContributionCompleted(entry, supporter, amount, Frequency.ONCE, false, p.occurredAt()));
    log.debug("Contribution of {} (once) recorded from {} for {}", amount, provider, p.paymentId());
    return Outcome.PROCESSED;
  }

  private Outcome checkoutClosed(CheckoutClosed c, Instant now) {
    if (c.checkoutId() != null) {
      checkouts.closeCheckout(c.checkoutId(), now);
    }
    return Outcome.PROCESSED;
  }

  private Outcome renewalPaid(String provider, RenewalPaid r, Instant now, boolean othersWaiting) {
    SubscriptionRow sub = subscriptions.forUpdate(provider, r.subscriptionId()).orElse(null);
    if (sub == null) {
      return Outcome.UNMATCHED;
    }
    long entry =
        ledger.insertEntry(
            NewLedgerEntry.renewal(
                    provider,
                    r.eventId(),
                    sub.giver(),
                    r.amount(),
                    r.paymentId() != null ? r.paymentId() : r.invoiceId(),
                    r.occurredAt())
                .settledAs(r.settled()),
            now);
    if ("PAST_DUE".equals(sub.status()) && r.occurredAt().isAfter(sub.statusChangedAt())) {
      subscriptions.update(sub.id(), "ACTIVE", sub.amount(), r.occurredAt());
    }
    events.publishEvent(
        new ContributionCompleted(
            entry, sub.supporterId(), r.amount(), sub.frequency(), true, r.occurredAt()));
    if (othersWaiting) {
      replayWaiting(provider, r.eventId(), null, r.paymentId(), now);
    }
    return Outcome.PROCESSED;
  }

  private Outcome renewalFailed(String provider, RenewalFailed f, Instant now) {
    SubscriptionRow sub = subscriptions.forUpdate(provider, f.subscriptionId()).orElse(null);
    if (sub == null) {
      return Outcome.UNMATCHED;
    }
    ledger.insertEntry(
        NewLedgerEntry.failedRenewal(
            provider, f.eventId(), sub.giver(), f.amount(), f.invoiceId(), f.occurredAt()),
        now);
    if ("ACTIVE".equals(sub.status()) && f.occurredAt().isAfter(sub.statusChangedAt())) {
      subscriptions.update(sub.id(), "PAST_DUE", sub.amount(), f.occurredAt());
    }
    return Outcome.PROCESSED;
  }

  private Outcome subscriptionChanged(String provider, SubscriptionChanged s) {
    SubscriptionRow sub = subscriptions.forUpdate(provider, s.subscriptionId()).orElse(null);
    if (sub == null) {
      return Outcome.UNMATCHED;
    }
    if ("CANCELLED".equals(sub.status())) {
      // Cancelled is final: a late "updated" event must not bring a gift back to life.
      return Outcome.PROCESSED;
    }
    Money amount =
        s.amount() != null && s.amount().currency().equals(sub.amount().currency())
            ? s.amount()
            : sub.amount();
    String status =
        switch (s.status() == null ? "" : s.status()) {
          case "past_due", "unpaid" -> "PAST_DUE";
          case "canceled", "incomplete_expired" -> "CANCELLED";
          default -> "ACTIVE";
        };
    if (s.occurredAt().isBefore(sub.statusChangedAt())) {
      // An older snapshot than the one we hold: keep the newer state.
      return Outcome.PROCESSED;
    }
    subscriptions.update(sub.id(), status, amount, s.occurredAt());
    if ("CANCELLED".equals(status) && !"CANCELLED".equals(sub.status())) {
      log.info("Recurring gift {} ended at {}", sub.id(), provider);
    }
    return Outcome.PROCESSED;
  }

  private Outcome subscriptionEnded(String provider, SubscriptionEnded e) {
    SubscriptionRow sub = subscriptions.forUpdate(provider, e.subscriptionId()).orElse(null);
    if (sub == null) {
      return Outcome.UNMATCHED;
    }
    if (!"CANCELLED".equals(sub.status())) {
      subscriptions.update(sub.id(), "CANCELLED", sub.amount(), e.occurredAt());
      log.info("Recurring gift {} ended at {}", sub.id(), provider);
    }
    return Outcome.PROCESSED;
  }

  private Outcome refunded(String provider, Refunded r, Instant now) {
    PaidEntry paid = ledger.paidEntry(provider, r.paymentId()).orElse(null);
    if (paid == null) {
      return Outcome.UNMATCHED;
    }
    long delta = r.totalRefunded().minor() - paid.refundedSoFar();
    if (delta > 0) {
      long capped = Math.min(delta, paid.paid().minor() - paid.refundedSoFar());
      ledger.insertEntry(
          NewLedgerEntry.refund(
                  provider,
                  r.eventId(),
                  paid.giver(),
                  new Money(-capped, paid.paid().currency()),
                  r.paymentId(),
                  r.occurredAt())
              .settledAs(paid.settledShare(-capped)),
          now);
    }
    return Outcome.PROCESSED;
  }

  /**
   * Tries every event still waiting for its subscription or payment; returns how many now applied.
   */
  @Transactional
  public int retryUnmatched() {
    Instant now = clock.instant();
    int applied = 0;
    for (ProviderEventRepository.WaitingEvent waiting : providerEvents.allUnmatched(200)) {
      if (apply(waiting.provider(), read(waiting.stored()), now, false) != Outcome.UNMATCHED) {
        applied++;
      }
    }
    return applied;
  }

  private void replayWaiting(
      String provider,
      String appliedEventId,
      String subscriptionId,
      String paymentId,
      Instant now) {
    if (subscriptionId == null && paymentId == null) {
      return;
    }
    for (StoredEvent waiting : providerEvents.unmatched(provider, subscriptionId, paymentId)) {
      if (waiting.eventId().equals(appliedEventId)) {
        continue; // the event being applied right now, not yet marked
      }
      PaymentEvent event = read(waiting);
      Outcome outcome = apply(provider, event, now, false);
      log.info("Applied waiting event {} from {}: {}", waiting.eventId(), provider, outcome);
    }
  }

  /**
   * What is kept of an event: its ids and amounts, which are all the ledger needs to apply it
   * later. The payer's address (and name) goes to the supporter row (which they can erase), never
   * into the stored event: a checkout without one is the only kind that waits for review, and has
   * none to keep.
   */
  static PaymentEvent withoutPersonalData(PaymentEvent event) {
    if (event instanceof CheckoutCompleted c && c.email() != null) {
      return c.withoutEmail(true);
    }
    if (event instanceof PaymentArrived p && (p.email() != null || p.name() != null)) {
      return p.withoutPayer();
    }
    return event;
  }

  private static PaymentEvent read(StoredEvent stored) {
    for (Class<?> type : PaymentEvent.class.getPermittedSubclasses()) {
      if (type.getSimpleName().equals(stored.type())) {
        return (PaymentEvent) JSON.readValue(stored.json(), type);
      }
    }
    throw new IllegalStateException(
        "Stored event " + stored.eventId() + " has unknown type " + stored.type());
  }

  private static String subscriptionRef(PaymentEvent e) {
    if (e instanceof CheckoutCompleted c) {
      return c.subscriptionId();
    }
    if (e instanceof RenewalPaid r) {
      return r.subscriptionId();
    }
    if (e instanceof RenewalFailed f) {
      return f.subscriptionId();
    }
    if (e instanceof SubscriptionChanged s) {
      return s.subscriptionId();
    }
    if (e instanceof SubscriptionEnded s) {
      return s.subscriptionId();
    }
    return null;
  }

  private static String paymentRef(PaymentEvent e) {
    if (e instanceof CheckoutCompleted c) {
      return c.paymentId();
    }
    if (e instanceof RenewalPaid r) {
      return r.paymentId();
    }
    if (e instanceof Refunded r) {
      return r.paymentId();
    }
    if (e instanceof PaymentArrived p) {
      return p.paymentId();
    }
    return null;
  }
}

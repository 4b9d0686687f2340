package org.samizdat.revenue;

import java.time.Instant;
import java.util.UUID;
import org.samizdat.platform.Money;

/**
 * What a provider told us, in our words. Each carries the provider's event id, the key that makes
 * processing exactly-once however often the provider delivers it. A payment may carry {@code
 * settled}: what reached the newsroom's account, in its own currency, when the provider says so (a
 * settled balance transaction, a receivable amount); it counts toward the goal instead of any
 * exchange rate.
 */
public sealed interface PaymentEvent {

  String eventId();

  Instant occurredAt();

  /**
   * A reader paid at checkout: a one-time gift, or the first payment of a recurring one. No name: a
   * cardholder's name is the provider's business, and nothing here needs it.
   *
   * @param email where the receipt goes; never stored with the event itself, only on the supporter
   * @param subscriptionId the provider's subscription id for monthly/annual, else null
   * @param paymentId the provider's payment id (Stripe: payment_intent) for one-time gifts, else
   *     null
   */
  record CheckoutCompleted(
      String eventId,
      Instant occurredAt,
      UUID checkoutId,
      String email,
      Money amount,
      Frequency frequency,
      String customerId,
      String subscriptionId,
      String paymentId,
      Money settled)
      implements PaymentEvent {

    /** A gift whose provider does not say what reached the newsroom's account. */
    public CheckoutCompleted(
        String eventId,
        Instant occurredAt,
        UUID checkoutId,
        String email,
        Money amount,
        Frequency frequency,
        String customerId,
        String subscriptionId,
        String paymentId) {
      this(
          eventId,
          occurredAt,
          checkoutId,
          email,
          amount,
          frequency,
          customerId,
          subscriptionId,
          paymentId,
          null);
    }

    /** The same gift, naming the payment that paid it. */
    public CheckoutCompleted withPaymentId(String payment) {
      return new CheckoutCompleted(
          eventId,
          occurredAt,
          checkoutId,
          email,
          amount,
          frequency,
          customerId,
          subscriptionId,
          payment,
          settled);
    }

    /**
     * The same gift without the payer's address (and, unless kept, the provider's customer id);
     * everything about the money stays, what settled included.
     */
    public CheckoutCompleted withoutEmail(boolean keepCustomerId) {
      return new CheckoutCompleted(
          eventId,
          occurredAt,
          checkoutId,
          null,
          amount,
          frequency,
          keepCustomerId ? customerId : null,
          subscriptionId,
          paymentId,
          settled);
    }

    /** The same gift, with what reached the newsroom's account. */
    public CheckoutCompleted withSettled(Money reached) {
      return new CheckoutCompleted(
          eventId,
          occurredAt,
          checkoutId,
          email,
          amount,
          frequency,
          customerId,
          subscriptionId,
          paymentId,
          reached);
    }
  }

  /** A recurring gift renewed (not its first payment, which comes as CheckoutCompleted). */
  record RenewalPaid(
      String eventId,
      Instant occurredAt,
      String subscriptionId,
      String invoiceId,
      Money amount,
      String paymentId,
      Money settled)
      implements PaymentEvent {

    public RenewalPaid(
        String eventId,
        Instant occurredAt,
        String subscriptionId,
        String invoiceId,
        Money amount,
        String paymentId) {
      this(eventId, occurredAt, subscriptionId, invoiceId, amount, paymentId, null);
    }

    /** The same renewal, naming the payment that paid it. */
    public RenewalPaid withPaymentId(String payment) {
      return new RenewalPaid(
          eventId, occurredAt, subscriptionId, invoiceId, amount, payment, settled);
    }

    /** The same renewal, with what reached the newsroom's account. */
    public RenewalPaid withSettled(Money reached) {
      return new RenewalPaid(
          eventId, occurredAt, subscriptionId, invoiceId, amount, paymentId, reached);
    }
  }

  /** A renewal could not be charged. */
  record RenewalFailed(
      String eventId, Instant occurredAt, String subscriptionId, String invoiceId, Money amount)
      implements PaymentEvent {}

  /**
   * A recurring gift changed at the provider (amount, or status such as past_due).
   *
   * @param amount the amount per period now, or null if unknown
   */
  record SubscriptionChanged(
      String eventId,
      Instant occurredAt,
      String subscriptionId,
      String status,
      Money amount,
      Frequency frequency)
      implements PaymentEvent {}

  /** A recurring gift ended. */
  record SubscriptionEnded(String eventId, Instant occurredAt, String subscriptionId)
      implements PaymentEvent {}

  /**
   * Money went back to a reader.
   *
   * @param totalRefunded everything refunded on that payment so far (providers report a running
   *     total)
   */
  record Refunded(String eventId, Instant occurredAt, String paymentId, Money totalRefunded)
      implements PaymentEvent {}

  /**
   * A one-time payment at a provider that reports a running total for it (a BTCPay invoice): all
   * that has arrived on {@code paymentId} so far, in the gift's (fiat) currency. Only what exceeds
   * what the ledger already holds for that payment is recorded, so any repeat or redelivery, and
   * any order of arrival, counts the money once.
   *
   * @param expected what the checkout asked for, or null if unknown
   * @param email an address the provider collected, or null; dropped for anonymous checkouts
   * @param review why a person should look at it ("paid late", "paid over", ...), or null
   */
  record PaymentArrived(
      String eventId,
      Instant occurredAt,
      UUID checkoutId,
      String paymentId,
      Money expected,
      Money totalArrived,
      String email,
      String name,
      String review)
      implements PaymentEvent {

    /** The same payment without the address and name the provider collected. */
    PaymentArrived withoutPayer() {
      return new PaymentArrived(
          eventId, occurredAt, checkoutId, paymentId, expected, totalArrived, null, null, review);
    }
  }

  /** A checkout ended without money (an invoice expired or turned invalid). */
  record CheckoutClosed(String eventId, Instant occurredAt, UUID checkoutId, String reason)
      implements PaymentEvent {}

  /** An event type we do not act on; answered 200 so the provider stops sending it. */
  record Ignored(String eventId, Instant occurredAt, String type) implements PaymentEvent {}
}

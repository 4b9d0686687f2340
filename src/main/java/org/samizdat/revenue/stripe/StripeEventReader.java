package org.samizdat.revenue.stripe;

import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.PaymentEvent.CheckoutCompleted;
import org.samizdat.revenue.PaymentEvent.Ignored;
import org.samizdat.revenue.PaymentEvent.Refunded;
import org.samizdat.revenue.PaymentEvent.RenewalFailed;
import org.samizdat.revenue.PaymentEvent.RenewalPaid;
import org.samizdat.revenue.PaymentEvent.SubscriptionChanged;
import org.samizdat.revenue.PaymentEvent.SubscriptionEnded;
import org.samizdat.revenue.WebhookRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads a verified Stripe event into our words.
 *
 * <p>It reads the event's object as plain JSON rather than through stripe-java's typed models. The
 * typed deserializer refuses events whose {@code api_version} differs from the SDK's, and the
 * models follow the SDK's version only (the invoice's {@code subscription} and {@code
 * payment_intent}, for one, moved in 2025-03-31.basil). Reading the few fields we need by name, old
 * and new places alike, means an account on another API version never drops a paid event. When a
 * money-carrying event lacks what we need, it is rejected rather than ignored: Stripe then keeps
 * retrying it, and a fixed release still counts the gift.
 */
final class StripeEventReader {

  private static final Logger log = LoggerFactory.getLogger(StripeEventReader.class);

  PaymentEvent read(String eventId, Instant occurredAt, String type, JsonNode object)
      throws WebhookRejected {
    Source in = new Source(eventId, occurredAt, type, object);
    return switch (type) {
      // async_payment_succeeded is the same session, later: a bank debit that was still "unpaid"
      // at checkout.session.completed has now cleared. Only one of the two ever says "paid".
      case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
          checkoutCompleted(in);
      case "invoice.paid" -> invoicePaid(in);
      case "invoice.payment_failed" -> invoicePaymentFailed(in);
      case "customer.subscription.updated" -> subscriptionChanged(in);
      case "customer.subscription.deleted" ->
          new SubscriptionEnded(eventId, occurredAt, in.required("id"));
      case "charge.refunded" -> refunded(in);
      default -> in.ignored();
    };
  }

  private PaymentEvent checkoutCompleted(Source in) throws WebhookRejected {
    String paymentStatus = in.text("payment_status");
    if (!"paid".equals(paymentStatus)) {
      // "unpaid": a delayed method (SEPA debit, bank transfer) has not cleared; the gift counts
      // when checkout.session.async_payment_succeeded arrives. "no_payment_required": no money.
      log.info(
          "Stripe checkout {} completed with payment_status {}; nothing counted yet (event {})",
          in.text("id"),
          paymentStatus,
          in.eventId);
      return in.ignored();
    }
    UUID checkoutId = uuid(in.text("metadata.checkout_id"));
    if (checkoutId == null) {
      checkoutId = uuid(in.text("client_reference_id"));
    }
    if (checkoutId == null) {
      // A Payment Link or another app on the same Stripe account: not a checkout we opened.
      log.warn(
          "Stripe checkout {} was paid but carries no Samizdat checkout id; it was not started here and "
              + "is not counted (event {})",
          in.text("id"),
          in.eventId);
      return in.ignored();
    }
    Frequency frequency =
        Frequency.fromCode(in.text("metadata.frequency"))
            .orElse("payment".equals(in.text("mode")) ? Frequency.ONCE : null);
    if (frequency == null) {
      throw in.unreadable("metadata.frequency");
    }
    String email = in.text("customer_details.email");
    if (email == null) {
      email = in.text("customer_email");
    }
    return new CheckoutCompleted(
        in.eventId,
        in.occurredAt,
        checkoutId,
        email,
        in.money("amount_total", "currency"),
        frequency,
        in.id("customer"),
        in.id("subscription"),
        in.id("payment_intent"));
  }

  private PaymentEvent invoicePaid(Source in) throws WebhookRejected {
    String subscriptionId = subscriptionOfInvoice(in);
    String reason = in.text("billing_reason");
    if (subscriptionId == null) {
      return in.ignored(); // a one-off invoice, not a recurring gift
    }
    if ("subscription_create".equals(reason)) {
      // The first invoice of a subscription is the payment the reader made in Checkout, and
      // checkout.session.completed already counted it. Counting it here too would count it twice.
      return in.ignored();
    }
    if (!"subscription_cycle".equals(reason)) {
      // subscription_update, manual, ...: not something Samizdat starts (amount changes use no
      // proration).
      log.info(
          "Stripe invoice {} for subscription {} was paid with billing_reason {}; not counted as a renewal "
              + "(event {})",
          in.text("id"),
          subscriptionId,
          reason,
          in.eventId);
      return in.ignored();
    }
    Money amount = in.money("amount_paid", "currency");
    if (!amount.isPositive()) {
      return in.ignored(); // covered by credit or a coupon: no money moved, no receipt to send
    }
    return new RenewalPaid(
        in.eventId, in.occurredAt, subscriptionId, in.required("id"), amount, paymentOfInvoice(in));
  }

  private PaymentEvent invoicePaymentFailed(Source in) throws WebhookRejected {
    String subscriptionId = subscriptionOfInvoice(in);
    if (subscriptionId == null || "subscription_create".equals(in.text("billing_reason"))) {
      // A failed first payment happens inside Checkout, where the reader sees it; there is no gift
      // yet.
      return in.ignored();
    }
    return new RenewalFailed(
        in.eventId,
        in.occurredAt,
        subscriptionId,
        in.required("id"),
        in.money("amount_due", "currency"));
  }

  private PaymentEvent subscriptionChanged(Source in) throws WebhookRejected {
    String subscriptionId = in.required("id");
    Money amount = null;
    Frequency frequency = null;
    JsonNode items = array(in.object, "items.data");
    if (items != null && items.size() == 1 && items.get(0).isObject()) {
      JsonNode item = items.get(0);
      JsonNode price = object(item, "price");
      Long unit = price == null ? null : number(price, "unit_amount");
      String currency = price == null ? null : text(price, "currency");
      Long quantity = number(item, "quantity");
      if (unit != null && currency != null) {
        amount =
            new Money(
                Math.multiplyExact(unit, quantity == null ? 1L : quantity), currency(currency, in));
      }
      if (price != null) {
        frequency =
            frequencyOf(
                text(price, "recurring.interval"), number(price, "recurring.interval_count"));
      }
    }
    // Several items, tiered or decimal prices: not a shape Samizdat creates; the amount stays as we
    // hold it.
    return new SubscriptionChanged(
        in.eventId, in.occurredAt, subscriptionId, in.text("status"), amount, frequency);
  }

  private PaymentEvent refunded(Source in) throws WebhookRejected {
    String paymentIntent = in.id("payment_intent");
    if (paymentIntent == null) {
      // Checkout always pays through a PaymentIntent; a bare charge was made elsewhere.
      log.info(
          "Stripe charge {} was refunded but has no payment_intent; not one of our gifts (event {})",
          in.text("id"),
          in.eventId);
      return in.ignored();
    }
    return new Refunded(
        in.eventId, in.occurredAt, paymentIntent, in.money("amount_refunded", "currency"));
  }

  /** Since API 2025-03-31.basil under parent.subscription_details; before it, top-level. */
  private static String subscriptionOfInvoice(Source in) {
    String id = in.id("parent.subscription_details.subscription");
    return id != null ? id : in.id("subscription");
  }

  /**
   * Before 2025-03-31.basil the invoice names its payment_intent; after it, only the includable
   * {@code payments} list does, and webhooks leave it out (the provider then asks Stripe).
   */
  private static String paymentOfInvoice(Source in) {
    String legacy = in.id("payment_intent");
    if (legacy != null) {
      return legacy;
    }
    JsonNode payments = array(in.object, "payments.data");
    if (payments != null) {
      for (JsonNode p : payments) {
        if ("paid".equals(text(p, "status"))) {
          String pi = idOf(p, "payment.payment_intent");
          if (pi != null) {
            return pi;
          }
        }
      }
    }
    return null;
  }

  static Frequency frequencyOf(String interval, Long intervalCount) {
    if (intervalCount != null && intervalCount != 1L) {
      return null; // every 3 months and the like: no frequency of ours
    }
    if ("month".equals(interval)) {
      return Frequency.MONTHLY;
    }
    if ("year".equals(interval)) {
      return Frequency.ANNUAL;
    }
    return null;
  }

  private static UUID uuid(String s) {
    if (s == null) {
      return null;
    }
    try {
      return UUID.fromString(s.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Currency currency(String code, Source in) throws WebhookRejected {
    try {
      return Currency.getInstance(code.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejected(
          "Stripe event "
              + in.eventId
              + " ("
              + in.type
              + ") has an unknown currency '"
              + code
              + "'.");
    }
  }

  // Plain JSON access by dotted path; a missing field or a JSON null reads as null.

  private static JsonNode at(JsonNode root, String path) {
    JsonNode current = root;
    for (String name : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(name);
    }
    return current == null || current.isNull() ? null : current;
  }

  static String text(JsonNode root, String path) {
    JsonNode e = at(root, path);
    return e != null && e.isValueNode() ? e.asString() : null;
  }

  static Long number(JsonNode root, String path) {
    JsonNode e = at(root, path);
    return e != null && e.isIntegralNumber() && e.canConvertToLong() ? e.longValue() : null;
  }

  static JsonNode object(JsonNode root, String path) {
    JsonNode e = at(root, path);
    return e != null && e.isObject() ? e : null;
  }

  static JsonNode array(JsonNode root, String path) {
    JsonNode e = at(root, path);
    return e != null && e.isArray() ? e : null;
  }

  /** An expandable reference: the id string, or the "id" of the object when it came expanded. */
  static String idOf(JsonNode root, String path) {
    JsonNode e = at(root, path);
    if (e == null) {
      return null;
    }
    return e.isObject() ? text(e, "id") : text(root, path);
  }

  /** One event's object, with what every mapping needs to say where a field is missing. */
  private record Source(String eventId, Instant occurredAt, String type, JsonNode object) {

    String text(String path) {
      return StripeEventReader.text(object, path);
    }

    String id(String path) {
      return idOf(object, path);
    }

    String required(String path) throws WebhookRejected {
      String value = text(path);
      if (value == null) {
        throw unreadable(path);
      }
      return value;
    }

    Money money(String amountPath, String currencyPath) throws WebhookRejected {
      Long minor = number(object, amountPath);
      if (minor == null) {
        throw unreadable(amountPath);
      }
      return new Money(minor, currency(required(currencyPath), this));
    }

    Ignored ignored() {
      return new Ignored(eventId, occurredAt, type);
    }

    WebhookRejected unreadable(String path) {
      return new WebhookRejected(
          "Stripe event "
              + eventId
              + " ("
              + type
              + ") has no readable "
              + path
              + "; it stays at Stripe, which retries it, until this is fixed.");
    }
  }
}

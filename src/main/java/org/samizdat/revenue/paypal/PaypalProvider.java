package org.samizdat.revenue.paypal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.revenue.CheckoutRequest;
import org.samizdat.revenue.CheckoutSession;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.PaymentEvent.CheckoutCompleted;
import org.samizdat.revenue.PaymentEvent.Ignored;
import org.samizdat.revenue.PaymentEvent.Refunded;
import org.samizdat.revenue.PaymentEvent.RenewalPaid;
import org.samizdat.revenue.PaymentEvent.SubscriptionChanged;
import org.samizdat.revenue.PaymentEvent.SubscriptionEnded;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.samizdat.revenue.RevenueSettings;
import org.samizdat.revenue.WebhookRejected;
import org.samizdat.revenue.paypal.PaypalClient.PaypalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PayPal: Orders v2 for one-time gifts (created with intent CAPTURE, approved by the reader at
 * PayPal, captured when the reader comes back), Subscriptions for monthly and annual ones (one plan
 * per currency and frequency, made by the app at first use; each gift's own amount set on the
 * subscription as a plan override of the billing cycle's fixed price, so any amount above the
 * minimum works and PayPal's approval page shows exactly that amount).
 *
 * <p>The truth arrives by webhook, verified by asking PayPal ({@code
 * /v1/notifications/verify-webhook-signature}) before anything is read. Money events are keyed on
 * PayPal's own capture, sale and refund ids rather than the notification's id, so the same payment
 * counts once however many notifications describe it.
 *
 * <p>The same class serves the local PayPal test mode, pointed at {@link PaypalTestModeApi} on this
 * app instead of PayPal; it then has its own id, so test gifts never mix with real ones.
 */
public class PaypalProvider implements PaymentProvider {

  private static final Logger log = LoggerFactory.getLogger(PaypalProvider.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ID = "paypal";
  static final String TESTMODE_ID = "paypal-testmode";
  static final String RETURN_PATH = "/support/paypal/return";

  private final String id;
  private final boolean testMode;
  private final PaypalClient client;
  private final String webhookId;
  private final RevenueSettings site;
  private final String newsroomName;
  private final PaypalRepository paypal;
  private final Clock clock;

  PaypalProvider(
      String id,
      boolean testMode,
      PaypalClient client,
      String webhookId,
      RevenueSettings site,
      String newsroomName,
      PaypalRepository paypal,
      Clock clock) {
    this.id = id;
    this.testMode = testMode;
    this.client = client;
    this.webhookId = webhookId;
    this.site = site;
    this.newsroomName = newsroomName;
    this.paypal = paypal;
    this.clock = clock;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return testMode ? "PayPal (TEST MODE: no money moves)" : "PayPal";
  }

  @Override
  public Set<Frequency> frequencies() {
    return EnumSet.allOf(Frequency.class);
  }

  @Override
  public boolean isTestMode() {
    return testMode;
  }

  // ---------------------------------------------------------------------------------------------
  // Checkout

  @Override
  public CheckoutSession startCheckout(CheckoutRequest request) {
    try {
      return request.frequency().isRecurring() ? subscribe(request) : order(request);
    } catch (PaypalException e) {
      throw unavailable(
          "open a " + request.frequency().code() + " checkout " + request.checkoutId(), e);
    }
  }

  private CheckoutSession order(CheckoutRequest request) {
    ObjectNode body = JSON.createObjectNode().put("intent", "CAPTURE");
    ObjectNode unit = body.putArray("purchase_units").addObject();
    unit.put("custom_id", request.checkoutId().toString());
    unit.put("description", truncate(request.description(), 127));
    unit.set("amount", money(request.amount()));
    ObjectNode experience =
        body.putObject("payment_source").putObject("paypal").putObject("experience_context");
    experience
        .put("brand_name", truncate(newsroomName, 127))
        .put("locale", locale(request.language()))
        .put("shipping_preference", "NO_SHIPPING")
        .put("user_action", "PAY_NOW")
        .put("return_url", returnUrl(request))
        .put("cancel_url", request.cancelUrl());
    JsonNode order = client.createOrder(body, "order-" + request.checkoutId());
    String orderId = order.path("id").asString(null);
    String approve =
        link(order, "payer-action").orElseGet(() -> link(order, "approve").orElse(null));
    if (orderId == null || approve == null) {
      throw new PaypalException(
          "PayPal created an order without an id or a payer-action link", 200, null, null, null);
    }
    return new CheckoutSession(orderId, approve);
  }

  private CheckoutSession subscribe(CheckoutRequest request) {
    String planId = plan(request.amount(), request.frequency(), request.language());
    ObjectNode body = JSON.createObjectNode();
    body.put("plan_id", planId);
    body.put("custom_id", request.checkoutId().toString());
    ObjectNode cycle = body.putObject("plan").putArray("billing_cycles").addObject();
    cycle.put("sequence", 1);
    cycle.put("total_cycles", 0);
    cycle.putObject("pricing_scheme").set("fixed_price", money(request.amount()));
    body.putObject("application_context")
        .put("brand_name", truncate(newsroomName, 127))
        .put("locale", locale(request.language()))
        .put("shipping_preference", "NO_SHIPPING")
        .put("user_action", "SUBSCRIBE_NOW")
        .put("return_url", returnUrl(request))
        .put("cancel_url", request.cancelUrl());
    JsonNode subscription = client.createSubscription(body, "subscription-" + request.checkoutId());
    String subscriptionId = subscription.path("id").asString(null);
    String approve = link(subscription, "approve").orElse(null);
    if (subscriptionId == null || approve == null) {
      throw new PaypalException(
          "PayPal created a subscription without an id or an approve link", 200, null, null, null);
    }
    return new CheckoutSession(subscriptionId, approve);
  }

  /** The plan for this currency and frequency, made at PayPal (with its product) on first use. */
  private String plan(Money amount, Frequency frequency, String language) {
    String base = client.environment();
    Optional<String> known = knownPlan(base, amount.currencyCode(), frequency);
    if (known.isPresent()) {
      return known.get();
    }
    String key =
        (id + "-" + amount.currencyCode() + "-" + frequency.code()).toLowerCase(Locale.ROOT);
    ObjectNode product =
        JSON.createObjectNode()
            .put("name", truncate("Support for " + newsroomName, 127))
            .put("description", truncate("Reader contributions to " + newsroomName, 256))
            .put("type", "SERVICE");
    String productId = client.createProduct(product, "product-" + key).path("id").asString(null);
    ObjectNode plan =
        JSON.createObjectNode()
            .put("product_id", productId)
            .put(
                "name",
                (frequency == Frequency.ANNUAL ? "Annual" : "Monthly")
                    + " support ("
                    + amount.currencyCode()
                    + ")")
            .put("status", "ACTIVE");
    ObjectNode cycle = plan.putArray("billing_cycles").addObject();
    cycle
        .putObject("frequency")
        .put("interval_unit", frequency == Frequency.ANNUAL ? "YEAR" : "MONTH")
        .put("interval_count", 1);
    cycle.put("tenure_type", "REGULAR").put("sequence", 1).put("total_cycles", 0);
    // Every subscription overrides this price with the reader's own amount.
    cycle.putObject("pricing_scheme").set("fixed_price", money(amount));
    plan.putObject("payment_preferences")
        .put("auto_bill_outstanding", true)
        .put("payment_failure_threshold", 3);
    String planId = client.createPlan(plan, "plan-" + key).path("id").asString(null);
    if (productId == null || planId == null) {
      throw new PaypalException(
          "PayPal did not return a product or plan id", 200, null, null, null);
    }
    paypal.addPlan(
        new PaypalRepository.NewPlan(base, amount.currencyCode(), frequency, productId, planId),
        clock.instant());
    log.info(
        "Created PayPal plan {} (product {}) for {} {} gifts",
        planId,
        productId,
        frequency.code(),
        amount.currencyCode());
    // Another node may have made one at the same moment: everyone uses the one stored first.
    return knownPlan(base, amount.currencyCode(), frequency).orElse(planId);
  }

  private Optional<String> knownPlan(String base, String currency, Frequency frequency) {
    return paypal.plan(base, currency, frequency);
  }

  /** Where PayPal sends the reader after approving: our page that captures, then says thanks. */
  private String returnUrl(CheckoutRequest request) {
    return site.link(request.language(), RETURN_PATH + "?checkout=" + request.checkoutId());
  }

  /** What became of capturing an approved order when the reader came back. */
  enum Capture {
    CAPTURED,
    DECLINED,
    UNAVAILABLE
  }

  /**
   * Captures an order the reader approved. Nothing is recorded here: the capture's webhook does
   * that, so a reader who closes the tab after approving still has the gift counted once.
   */
  Capture capture(String orderId) {
    try {
      JsonNode answer = client.captureOrder(orderId, "capture-" + orderId);
      String status = answer.path("status").asString("");
      return "COMPLETED".equals(status) ? Capture.CAPTURED : Capture.DECLINED;
    } catch (PaypalException e) {
      if (e.is("ORDER_ALREADY_CAPTURED")) {
        return Capture.CAPTURED; // a reload of the return page
      }
      if (e.status == 422 || e.status == 400) {
        log.info("PayPal refused to capture order {}: {}", orderId, e.getMessage());
        return Capture.DECLINED;
      }
      unavailable("capture order " + orderId, e);
      return Capture.UNAVAILABLE;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Webhooks

  @Override
  public List<PaymentEvent> readWebhook(byte[] payload, Map<String, String> headers)
      throws WebhookRejected {
    String authAlgo = header(headers, "paypal-auth-algo");
    String certUrl = header(headers, "paypal-cert-url");
    String transmissionId = header(headers, "paypal-transmission-id");
    String transmissionSig = header(headers, "paypal-transmission-sig");
    String transmissionTime = header(headers, "paypal-transmission-time");
    String raw =
        new String(
            payload == null ? new byte[0] : payload, java.nio.charset.StandardCharsets.UTF_8);
    JsonNode event;
    try {
      event = JSON.readTree(raw);
    } catch (RuntimeException e) {
      throw new WebhookRejected("The body is not JSON: not a PayPal event.");
    }
    if (event == null
        || !event.isObject()
        || !event.path("id").isString()
        || !event.path("event_type").isString()
        || !event.path("resource").isObject()) {
      throw new WebhookRejected(
          "The body is not a PayPal event: it lacks id, event_type or resource.");
    }
    boolean genuine;
    try {
      genuine =
          client.verifyWebhookSignature(
              authAlgo, certUrl, transmissionId, transmissionSig, transmissionTime, webhookId, raw);
    } catch (PaypalException e) {
      // Not the sender's fault: answered 5xx, so PayPal delivers it again later.
      throw unavailable("verify webhook " + transmissionId, e);
    }
    if (!genuine) {
      throw new WebhookRejected(
          "This notification's signature is not PayPal's (PayPal's certificate does not check it, or PayPal did not confirm it): "
              + "forged, or samizdat.revenue.paypal.webhook-id is not the id of the webhook that sent it.");
    }
    return List.of(read(event));
  }

  private static String header(Map<String, String> headers, String name) throws WebhookRejected {
    String value = headers == null ? null : headers.get(name);
    if (value == null || value.isBlank()) {
      throw new WebhookRejected(
          "No " + name.toUpperCase(Locale.ROOT) + " header: the request did not come from PayPal.");
    }
    return value;
  }

  PaymentEvent read(JsonNode event) throws WebhookRejected {
    String eventId = event.path("id").asString();
    String type = event.path("event_type").asString();
    Instant at = instant(event.path("create_time").asString(null));
    JsonNode r = event.path("resource");
    return switch (type) {
      case "PAYMENT.CAPTURE.COMPLETED" -> captureCompleted(eventId, at, type, r);
      case "PAYMENT.SALE.COMPLETED" -> saleCompleted(eventId, at, type, r);
      case "BILLING.SUBSCRIPTION.CANCELLED", "BILLING.SUBSCRIPTION.EXPIRED" ->
          new SubscriptionEnded(eventId, at, required(r, "id", eventId, type));
      case "BILLING.SUBSCRIPTION.SUSPENDED" ->
          new SubscriptionChanged(
              eventId, at, required(r, "id", eventId, type), "past_due", null, null);
      case "PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED" ->
          captureRefunded(eventId, at, type, r);
      case "PAYMENT.SALE.REFUNDED", "PAYMENT.SALE.REVERSED" -> saleRefunded(eventId, at, type, r);
      default -> new Ignored(eventId, at, type);
    };
  }

  private PaymentEvent captureCompleted(String eventId, Instant at, String type, JsonNode r)
      throws WebhookRejected {
    if (!"COMPLETED".equals(r.path("status").asString(""))) {
      return new Ignored(eventId, at, type);
    }
    String captureId = required(r, "id", eventId, type);
    Money amount = money(r.path("amount"), "value", "currency_code", eventId, type);
    String orderId =
        r.path("supplementary_data").path("related_ids").path("order_id").asString(null);
    String customId = r.path("custom_id").asString(null);
    String email = null;
    if (orderId != null) {
      // The capture names neither the payer nor always our id; the order does. Asked of PayPal
      // rather than taken from the body, and only the e-mail kept: no name, no address.
      JsonNode order;
      try {
        order = client.getOrder(orderId);
      } catch (PaypalException e) {
        throw unavailable("read order " + orderId + " for capture " + captureId, e);
      }
      email = order.path("payment_source").path("paypal").path("email_address").asString(null);
      if (email == null) {
        email = order.path("payer").path("email_address").asString(null);
      }
      if (customId == null) {
        customId = order.path("purchase_units").path(0).path("custom_id").asString(null);
      }
    }
    UUID checkoutId = uuid(customId);
    if (checkoutId == null) {
      log.warn(
          "PayPal capture {} carries no Samizdat checkout id; it was not started here and is not counted (event {})",
          captureId,
          eventId);
      return new Ignored(eventId, at, type);
    }
    return new CheckoutCompleted(
        "CAPTURE-" + captureId,
        at,
        checkoutId,
        email,
        amount,
        Frequency.ONCE,
        null,
        null,
        captureId,
        settledFromCapture(r.path("seller_receivable_breakdown"), amount));
  }

  private PaymentEvent saleCompleted(String eventId, Instant at, String type, JsonNode r)
      throws WebhookRejected {
    String subscriptionId = r.path("billing_agreement_id").asString(null);
    if (subscriptionId == null || !"completed".equalsIgnoreCase(r.path("state").asString(""))) {
      return new Ignored(eventId, at, type); // not a subscription's payment, or not money yet
    }
    String saleId = required(r, "id", eventId, type);
    Money amount = money(r.path("amount"), "total", "currency", eventId, type);
    if (knownSubscription(subscriptionId)) {
      return new RenewalPaid(
          "SALE-" + saleId, at, subscriptionId, saleId, amount, saleId, settledFromSale(r, amount));
    }
    // The first payment of a subscription we have not recorded: it completes the reader's checkout.
    JsonNode subscription;
    try {
      subscription = client.getSubscription(subscriptionId);
    } catch (PaypalException e) {
      throw unavailable("read subscription " + subscriptionId + " for sale " + saleId, e);
    }
    UUID checkoutId = uuid(subscription.path("custom_id").asString(null));
    Frequency frequency = checkoutId == null ? null : checkoutFrequency(checkoutId).orElse(null);
    if (frequency == null || !frequency.isRecurring()) {
      log.warn(
          "PayPal sale {} of subscription {} carries no Samizdat checkout id; it was not started here and is "
              + "not counted (event {})",
          saleId,
          subscriptionId,
          eventId);
      return new Ignored(eventId, at, type);
    }
    return new CheckoutCompleted(
        "SALE-" + saleId,
        at,
        checkoutId,
        subscription.path("subscriber").path("email_address").asString(null),
        amount,
        frequency,
        null,
        subscriptionId,
        saleId,
        settledFromSale(r, amount));
  }

  private PaymentEvent captureRefunded(String eventId, Instant at, String type, JsonNode r)
      throws WebhookRejected {
    String refundId = required(r, "id", eventId, type);
    String captureId = null;
    for (JsonNode l : r.path("links")) {
      if ("up".equals(l.path("rel").asString(""))
          && l.path("href").asString("").contains("/captures/")) {
        String href = l.path("href").asString();
        captureId = href.substring(href.lastIndexOf('/') + 1);
      }
    }
    if (captureId == null) {
      throw new WebhookRejected(
          "PayPal event "
              + eventId
              + " ("
              + type
              + ") names no capture (links rel=up); it stays at "
              + "PayPal, which retries it, until this is fixed.");
    }
    JsonNode total = r.path("seller_payable_breakdown").path("total_refunded_amount");
    Money refunded =
        total.isObject()
            ? money(total, "value", "currency_code", eventId, type)
            : money(r.path("amount"), "value", "currency_code", eventId, type);
    return new Refunded("REFUND-" + refundId, at, captureId, refunded);
  }

  private PaymentEvent saleRefunded(String eventId, Instant at, String type, JsonNode r)
      throws WebhookRejected {
    String refundId = required(r, "id", eventId, type);
    String saleId = required(r, "sale_id", eventId, type);
    JsonNode total = r.path("total_refunded_amount");
    Money refunded =
        total.isObject()
            ? money(total, "value", "currency", eventId, type)
            : money(r.path("amount"), "total", "currency", eventId, type);
    return new Refunded("REFUND-" + refundId, at, saleId, refunded);
  }

  private boolean knownSubscription(String subscriptionId) {
    return paypal.subscriptionKnown(id, subscriptionId);
  }

  private Optional<Frequency> checkoutFrequency(UUID checkoutId) {
    return paypal.checkoutFrequency(checkoutId, id);
  }

  // ---------------------------------------------------------------------------------------------
  // Manage my support

  @Override
  public void cancelSubscription(String providerSubscriptionId) {
    try {
      client.cancelSubscription(
          providerSubscriptionId, "Cancelled by the supporter on " + newsroomName + "'s site");
    } catch (PaypalException e) {
      if (e.is("SUBSCRIPTION_STATUS_INVALID")) {
        return; // already cancelled or expired at PayPal: what the reader wanted
      }
      throw unavailable("cancel subscription " + providerSubscriptionId, e);
    }
  }

  /**
   * Replaces the subscription's fixed price (PATCH, not revise: revise needs the subscriber to
   * approve again at PayPal; a price set through PATCH applies from the payments after the next ten
   * days).
   */
  @Override
  public void changeSubscriptionAmount(
      String providerSubscriptionId, Money amount, Frequency frequency) {
    ArrayNode patch = JSON.createArrayNode();
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/plan/billing_cycles/@sequence==1/pricing_scheme/fixed_price")
        .set("value", money(amount));
    try {
      client.patchSubscription(providerSubscriptionId, patch.toString());
    } catch (PaypalException e) {
      throw unavailable("change subscription " + providerSubscriptionId + " to " + amount, e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private PaymentProviderUnavailable unavailable(String what, PaypalException e) {
    log.warn(
        "PayPal{} did not {}: {}. If this repeats, check https://www.paypal-status.com; a 401 means "
            + "SAMIZDAT_PAYPAL_CLIENT_ID or _CLIENT_SECRET is wrong for {}.",
        testMode ? " (local test mode)" : "",
        what,
        e.getMessage(),
        client.environment());
    return new PaymentProviderUnavailable(e);
  }

  static ObjectNode money(Money money) {
    return JSON.createObjectNode()
        .put("currency_code", money.currencyCode())
        .put("value", money.toMajor().toPlainString());
  }

  /**
   * What a captured gift in another currency was worth in the currency PayPal credited it in, at
   * PayPal's own rate ({@code seller_receivable_breakdown.exchange_rate}, returned only when it
   * converted): the gross amount, as a gift in that currency counts its gross, fees aside. Null
   * when PayPal did not convert, or says nothing readable.
   */
  static Money settledFromCapture(JsonNode breakdown, Money amount) {
    JsonNode rate = breakdown.path("exchange_rate");
    return converted(
        amount,
        rate.path("source_currency").asString(null),
        rate.path("target_currency").asString(null),
        rate.path("value").asString(null));
  }

  /**
   * The same for a subscription's payment (a v1 sale): its {@code exchange_rate} and the currency
   * of its {@code receivable_amount}.
   */
  static Money settledFromSale(JsonNode sale, Money amount) {
    return converted(
        amount,
        amount.currencyCode(),
        sale.path("receivable_amount").path("currency").asString(null),
        sale.path("exchange_rate").asString(null));
  }

  private static Money converted(Money amount, String source, String target, String rate) {
    if (source == null || target == null || rate == null) {
      return null;
    }
    try {
      Currency from = Currency.getInstance(source.trim().toUpperCase(Locale.ROOT));
      Currency to = Currency.getInstance(target.trim().toUpperCase(Locale.ROOT));
      BigDecimal value = new BigDecimal(rate.trim());
      if (!from.equals(amount.currency()) || to.equals(from) || value.signum() <= 0) {
        return null;
      }
      long minor =
          amount
              .toMajor()
              .multiply(value)
              .setScale(
                  Math.max(0, to.getDefaultFractionDigits()), java.math.RoundingMode.HALF_EVEN)
              .movePointRight(Math.max(0, to.getDefaultFractionDigits()))
              .longValueExact();
      return new Money(minor, to);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null; // counted at the editors' rate instead
    }
  }

  private static Money money(
      JsonNode node, String valueField, String currencyField, String eventId, String type)
      throws WebhookRejected {
    String value = node.path(valueField).asString(null);
    String code = node.path(currencyField).asString(null);
    if (value == null || code == null) {
      throw new WebhookRejected(
          "PayPal event "
              + eventId
              + " ("
              + type
              + ") has no readable amount; it stays at PayPal, "
              + "which retries it, until this is fixed.");
    }
    try {
      Currency currency = Currency.getInstance(code.toUpperCase(Locale.ROOT));
      int digits = Math.max(0, currency.getDefaultFractionDigits());
      long minor = new BigDecimal(value.trim()).abs().movePointRight(digits).longValueExact();
      return new Money(minor, currency);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new WebhookRejected(
          "PayPal event "
              + eventId
              + " ("
              + type
              + ") has an unreadable amount "
              + value
              + " "
              + code
              + ".");
    }
  }

  private static String required(JsonNode r, String field, String eventId, String type)
      throws WebhookRejected {
    String value = r.path(field).asString(null);
    if (value == null || value.isBlank()) {
      throw new WebhookRejected(
          "PayPal event " + eventId + " (" + type + ") has no resource." + field + ".");
    }
    return value;
  }

  private Instant instant(String text) {
    if (text == null) {
      return clock.instant();
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return clock.instant();
    }
  }

  private static Optional<String> link(JsonNode resource, String rel) {
    for (JsonNode l : resource.path("links")) {
      if (rel.equals(l.path("rel").asString(""))) {
        return Optional.ofNullable(l.path("href").asString(null));
      }
    }
    return Optional.empty();
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

  private static String locale(String language) {
    return Messages.of(Language.fromCode(language).orElse(Language.EN)).t("paypal.locale");
  }

  private static String truncate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max);
  }
}

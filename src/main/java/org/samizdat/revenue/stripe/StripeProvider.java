package org.samizdat.revenue.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.InvoicePayment;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.net.Webhook;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.samizdat.revenue.CheckoutRequest;
import org.samizdat.revenue.CheckoutSession;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.PaymentEvent.RenewalPaid;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.samizdat.revenue.WebhookRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Card, Apple Pay and Google Pay through Stripe Checkout: {@code payment} mode for one-time gifts,
 * {@code subscription} mode with an inline price for monthly and annual ones. Exists only when both
 * Stripe secrets are set ({@link StripeConfigured}).
 *
 * <p>It talks to Stripe through its own {@link StripeClient}, never the SDK's static {@code
 * Stripe.apiKey}, so nothing global changes and tests point it at a local fake.
 */
@Component
@org.springframework.core.annotation.Order(10) // cards first on the payment methods page
@Conditional(StripeConfigured.class)
public class StripeProvider implements PaymentProvider {

  private static final Logger log = LoggerFactory.getLogger(StripeProvider.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<Frequency> FREQUENCIES =
      Collections.unmodifiableSet(EnumSet.allOf(Frequency.class));
  static final String SIGNATURE_HEADER = "stripe-signature";

  private final StripeSettings settings;
  private final StripeClient stripe;
  private final Clock clock;
  private final StripeEventReader reader = new StripeEventReader();

  /** The account's default currency as Stripe last said it, and until when to trust that. */
  private record AccountCurrency(Currency currency, Instant until) {}

  private static final Duration ACCOUNT_CURRENCY_KEPT = Duration.ofHours(1);
  private static final Duration ACCOUNT_CURRENCY_RETRY = Duration.ofMinutes(5);
  private volatile AccountCurrency accountCurrency;
  private final java.util.concurrent.locks.ReentrantLock accountCurrencyLock =
      new java.util.concurrent.locks.ReentrantLock();

  public StripeProvider(StripeSettings settings, Clock clock) {
    if (!settings.isConfigured()) {
      throw new IllegalArgumentException(
          "Stripe needs both samizdat.revenue.stripe.secret-key and .webhook-secret");
    }
    this.settings = settings;
    this.clock = clock;
    StripeClient.StripeClientBuilder client =
        StripeClient.builder()
            .setApiKey(settings.secretKey())
            // A reader waits on the checkout call: fail within seconds, not the SDK's 80 s. Retries
            // are safe: the SDK sends one idempotency key for every attempt of a POST.
            .setConnectTimeout(5_000)
            .setReadTimeout(20_000)
            .setMaxNetworkRetries(2)
            .setHttpClient(new StripeTransport());
    if (StripeSettings.hasText(settings.apiBase())) {
      client.setApiBase(settings.apiBase().replaceAll("/+$", ""));
    }
    this.stripe = client.build();
  }

  @Override
  public String id() {
    return "stripe";
  }

  @Override
  public String displayName() {
    return "Card, Apple Pay, Google Pay (Stripe)";
  }

  @Override
  public Set<Frequency> frequencies() {
    return FREQUENCIES;
  }

  @Override
  public CheckoutSession startCheckout(CheckoutRequest request) {
    Session session;
    try {
      session = stripe.v1().checkout().sessions().create(checkoutParams(request));
    } catch (StripeException e) {
      throw unavailable("open a checkout for " + request.checkoutId(), e);
    }
    if (session.getUrl() == null) {
      log.error(
          "Stripe opened checkout session {} for {} without a URL to send the reader to",
          session.getId(),
          request.checkoutId());
      throw new PaymentProviderUnavailable(
          new IllegalStateException("Checkout session without url"));
    }
    return new CheckoutSession(session.getId(), session.getUrl());
  }

  SessionCreateParams checkoutParams(CheckoutRequest request) {
    Money amount = request.amount();
    Frequency frequency = request.frequency();
    String checkoutId = request.checkoutId().toString();

    PriceData.Builder price =
        PriceData.builder()
            .setCurrency(amount.currencyCode().toLowerCase(Locale.ROOT))
            .setUnitAmount(amount.minor());
    if (StripeSettings.hasText(settings.productId())) {
      price.setProduct(settings.productId());
    } else {
      String name =
          StripeSettings.hasText(request.description()) ? request.description() : "Contribution";
      price.setProductData(PriceData.ProductData.builder().setName(name).build());
    }
    if (frequency.isRecurring()) {
      price.setRecurring(
          PriceData.Recurring.builder()
              .setInterval(
                  frequency == Frequency.ANNUAL
                      ? PriceData.Recurring.Interval.YEAR
                      : PriceData.Recurring.Interval.MONTH)
              .build());
    }

    SessionCreateParams.Builder params =
        SessionCreateParams.builder()
            .setMode(
                frequency.isRecurring()
                    ? SessionCreateParams.Mode.SUBSCRIPTION
                    : SessionCreateParams.Mode.PAYMENT)
            .addLineItem(LineItem.builder().setPriceData(price.build()).setQuantity(1L).build())
            .setSuccessUrl(request.successUrl())
            .setCancelUrl(request.cancelUrl())
            .setClientReferenceId(checkoutId)
            .putMetadata("checkout_id", checkoutId)
            .putMetadata("frequency", frequency.code())
            .setLocale(locale(request.language()));
    if (StripeSettings.hasText(request.email()) && !request.anonymous()) {
      params.setCustomerEmail(request.email());
    }
    if (request.anonymous() && !frequency.isRecurring()) {
      // No Stripe customer for an anonymous gift; the card form still asks an e-mail, which the
      // ledger drops (see PaymentEventProcessor).
      params.setCustomerCreation(SessionCreateParams.CustomerCreation.IF_REQUIRED);
    }
    // The same metadata on the object that outlives the session, so the subscription or the
    // payment in Stripe's dashboard leads back to our checkout. Stripe takes each only in its mode.
    if (frequency.isRecurring()) {
      params.setSubscriptionData(
          SessionCreateParams.SubscriptionData.builder()
              .putMetadata("checkout_id", checkoutId)
              .putMetadata("frequency", frequency.code())
              .build());
    } else {
      params
          .setSubmitType(SessionCreateParams.SubmitType.DONATE)
          .setPaymentIntentData(
              SessionCreateParams.PaymentIntentData.builder()
                  .putMetadata("checkout_id", checkoutId)
                  .putMetadata("frequency", frequency.code())
                  .build());
    }
    return params.build();
  }

  private static SessionCreateParams.Locale locale(String language) {
    return Language.fromCode(language)
        .filter(l -> l.code().equals(language))
        .map(l -> SessionCreateParams.Locale.valueOf(l.name()))
        .orElse(SessionCreateParams.Locale.AUTO);
  }

  @Override
  public List<PaymentEvent> readWebhook(byte[] payload, Map<String, String> headers)
      throws WebhookRejected {
    String signature = headers == null ? null : headers.get(SIGNATURE_HEADER);
    if (!StripeSettings.hasText(signature)) {
      throw new WebhookRejected(
          "No Stripe-Signature header: the request did not come from Stripe.");
    }
    String body = new String(payload == null ? new byte[0] : payload, StandardCharsets.UTF_8);
    long tolerance = settings.webhookTolerance().toSeconds();

    // Verified on its own first: the SDK's constructEvent parses the body before it checks the
    // signature, and an unsigned body should be refused as unsigned, not read.
    try {
      Webhook.Signature.verifyHeader(body, signature, settings.webhookSecret(), tolerance, clock);
    } catch (SignatureVerificationException e) {
      throw new WebhookRejected(signatureProblem(e.getMessage()), e);
    } catch (
        RuntimeException e) { // "t=abc", "v1" without "=": the SDK's parser throws plain exceptions
      throw new WebhookRejected(
          "The Stripe-Signature header is not in Stripe's t=...,v1=... form.", e);
    }

    // Then read once, with Jackson: the SDK's constructEvent would check the signature a second
    // time and read the whole event with Gson, only for us to read its object again as JSON.
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new WebhookRejected(
          "The signed body is not a readable Stripe event: " + e.getMessage(), e);
    }
    JsonNode object = root == null ? null : root.path("data").path("object");
    String eventId = root == null ? null : textOf(root.get("id"));
    String type = root == null ? null : textOf(root.get("type"));
    JsonNode created = root == null ? null : root.get("created");
    if (eventId == null
        || type == null
        || created == null
        || !created.isIntegralNumber()
        || object == null
        || !object.isObject()) {
      throw new WebhookRejected(
          "The signed body is not a Stripe event: it lacks id, type, created or data.object.");
    }
    PaymentEvent read = reader.read(eventId, Instant.ofEpochSecond(created.asLong()), type, object);
    if (read instanceof PaymentEvent.CheckoutCompleted c
        && c.paymentId() == null
        && c.frequency().isRecurring()
        && object.hasNonNull("invoice")) {
      // In subscription mode the session names no payment; its first invoice does. Without it a
      // refund of the first payment could never be matched to the gift it returns.
      JsonNode invoice = object.get("invoice");
      String invoiceId = invoice.isTextual() ? invoice.asText() : invoice.path("id").asText(null);
      if (invoiceId != null) {
        read = c.withPaymentId(paymentOfInvoice(invoiceId));
      }
    }
    if (read instanceof RenewalPaid r && r.paymentId() == null) {
      read = r.withPaymentId(paymentOfInvoice(r.invoiceId()));
    }
    // What reached the newsroom's Stripe balance, when Stripe converted the gift: counted toward
    // the goal instead of the editors' rate.
    if (read instanceof PaymentEvent.CheckoutCompleted c && c.settled() == null) {
      Money settled = settledOf(c.paymentId(), c.amount());
      if (settled != null) {
        read = c.withSettled(settled);
      }
    }
    if (read instanceof RenewalPaid r && r.settled() == null) {
      Money settled = settledOf(r.paymentId(), r.amount());
      if (settled != null) {
        read = r.withSettled(settled);
      }
    }
    return List.of(read);
  }

  private static String textOf(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  private String signatureProblem(String sdkMessage) {
    String reason = Objects.requireNonNullElse(sdkMessage, "");
    if (reason.contains("tolerance")) {
      return "The Stripe signature is older than "
          + settings.webhookTolerance().toSeconds()
          + " s: a replay, or this "
          + "server's clock is wrong.";
    }
    if (reason.contains("matching the expected signature")) {
      return "The Stripe signature does not match: forged, or samizdat.revenue.stripe.webhook-secret is not this "
          + "endpoint's signing secret.";
    }
    return "The Stripe signature could not be checked: " + reason;
  }

  /**
   * Since API 2025-03-31.basil an invoice.paid webhook no longer names the payment_intent, and a
   * refund of that renewal names only the payment_intent. Asking Stripe here keeps the two
   * matchable. Not essential: if Stripe does not answer, the renewal is still counted, by invoice
   * id.
   */
  /**
   * The gross amount of a payment in the currency of the newsroom's Stripe balance, from its
   * charge's balance transaction, when Stripe converted it; null when it did not (same currency),
   * or when Stripe cannot say now (the gift is then counted at the editors' rate).
   *
   * <p>Asked for every paid checkout in another currency than the account's, so through the SDK's
   * raw request ({@code GET /v1/payment_intents/{id}?expand[]=latest_charge.balance_transaction},
   * the same call, headers, key and retries as {@code paymentIntents().retrieve}) with the three
   * fields it needs read by Jackson: building the SDK's parameter map and binding the whole intent,
   * charge and balance transaction with Gson was about half of the call's CPU.
   */
  private Money settledOf(String paymentIntentId, Money amount) {
    if (paymentIntentId == null || amount.currency().equals(accountCurrency())) {
      // a charge in the account's default currency settles in that currency: nothing to convert
      return null;
    }
    try {
      StripeResponse response =
          stripe.rawRequest(
              ApiResource.RequestMethod.GET,
              "/v1/payment_intents/"
                  + URLEncoder.encode(paymentIntentId, StandardCharsets.UTF_8)
                  + "?expand%5B%5D=latest_charge.balance_transaction",
              null,
              RawRequestOptions.builder().build());
      if (response.code() != 200) {
        throw new IllegalArgumentException(
            "HTTP " + response.code() + " " + errorMessage(response.body()));
      }
      JsonNode balance =
          JSON.readTree(response.body()).path("latest_charge").path("balance_transaction");
      String currencyCode = textOf(balance.get("currency"));
      JsonNode gross = balance.get("amount");
      if (currencyCode == null || gross == null || !gross.isIntegralNumber()) {
        return null;
      }
      Currency currency = Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT));
      return currency.equals(amount.currency()) ? null : new Money(gross.longValue(), currency);
    } catch (StripeException | RuntimeException e) {
      log.info(
          "Stripe did not say what payment {} settled as ({}); it counts toward the goal at the"
              + " editors' rate",
          paymentIntentId,
          e.getMessage());
      return null;
    }
  }

  /**
   * The Stripe account's default currency ({@code GET /v1/account}), asked once an hour: a charge
   * in it always settles in it, so only gifts in other currencies need their balance transaction
   * read. Null when Stripe does not say (a restricted key without read access to the account,
   * Stripe away); then every payment's balance transaction is read, as before, and Stripe is asked
   * again in 5 minutes.
   */
  private Currency accountCurrency() {
    AccountCurrency known = accountCurrency;
    if (known != null && clock.instant().isBefore(known.until())) {
      return known.currency();
    }
    // one question at a time: a burst of webhooks (16 at once in bench/stripe-webhooks.sh) asked
    // Stripe 16 times before the first answer was kept
    accountCurrencyLock.lock();
    try {
      known = accountCurrency;
      if (known != null && clock.instant().isBefore(known.until())) {
        return known.currency();
      }
      return askAccountCurrency();
    } finally {
      accountCurrencyLock.unlock();
    }
  }

  private Currency askAccountCurrency() {
    Instant now = clock.instant();
    Currency currency = null;
    try {
      StripeResponse response =
          stripe.rawRequest(
              ApiResource.RequestMethod.GET,
              "/v1/account",
              null,
              RawRequestOptions.builder().build());
      String code =
          response.code() == 200
              ? textOf(JSON.readTree(response.body()).get("default_currency"))
              : null;
      if (code != null) {
        currency = Currency.getInstance(code.toUpperCase(Locale.ROOT));
      } else {
        log.info(
            "Stripe did not say the account's default currency (HTTP {} {}); each payment's"
                + " balance transaction is read instead",
            response.code(),
            errorMessage(response.body()));
      }
    } catch (StripeException | RuntimeException e) {
      log.info(
          "Stripe did not say the account's default currency ({}); each payment's balance"
              + " transaction is read instead",
          e.getMessage());
    }
    accountCurrency =
        new AccountCurrency(
            currency, now.plus(currency == null ? ACCOUNT_CURRENCY_RETRY : ACCOUNT_CURRENCY_KEPT));
    return currency;
  }

  private static String errorMessage(String body) {
    try {
      String message = textOf(JSON.readTree(body).path("error").get("message"));
      return message == null ? "" : message;
    } catch (RuntimeException e) {
      return "";
    }
  }

  private String paymentOfInvoice(String invoiceId) {
    try {
      for (InvoicePayment p :
          stripe
              .v1()
              .invoicePayments()
              .list(
                  InvoicePaymentListParams.builder()
                      .setInvoice(invoiceId)
                      .setStatus(InvoicePaymentListParams.Status.PAID)
                      .build())
              .getData()) {
        if (p.getPayment() != null && p.getPayment().getPaymentIntent() != null) {
          return p.getPayment().getPaymentIntent();
        }
      }
      log.warn(
          "Stripe lists no paid payment intent for invoice {}; a refund of that renewal will wait for review",
          invoiceId);
    } catch (StripeException e) {
      log.warn(
          "Could not ask Stripe which payment paid invoice {} ({}; request id {}); the renewal is counted, but a "
              + "refund of it will wait for review",
          invoiceId,
          e.getMessage(),
          e.getRequestId());
    }
    return null;
  }

  @Override
  public void cancelSubscription(String providerSubscriptionId) {
    try {
      stripe.v1().subscriptions().cancel(providerSubscriptionId);
    } catch (StripeException e) {
      throw unavailable("cancel subscription " + providerSubscriptionId, e);
    }
  }

  @Override
  public void changeSubscriptionAmount(
      String providerSubscriptionId, Money amount, Frequency frequency) {
    if (!frequency.isRecurring()) {
      throw new IllegalArgumentException(
          "A subscription is monthly or annual, not " + frequency.code());
    }
    Subscription subscription;
    try {
      subscription = stripe.v1().subscriptions().retrieve(providerSubscriptionId);
    } catch (StripeException e) {
      throw unavailable("read subscription " + providerSubscriptionId, e);
    }
    List<SubscriptionItem> items =
        subscription.getItems() == null ? List.of() : subscription.getItems().getData();
    if (items.size() != 1) {
      throw new IllegalStateException(
          "Stripe subscription "
              + providerSubscriptionId
              + " has "
              + items.size()
              + " items; Samizdat changes only single-item gifts. Change it in the Stripe dashboard.");
    }
    SubscriptionItem item = items.get(0);
    String product = item.getPrice() != null ? item.getPrice().getProduct() : null;
    if (!StripeSettings.hasText(product)) {
      product = settings.productId();
    }
    if (!StripeSettings.hasText(product)) {
      throw new IllegalStateException(
          "Stripe subscription " + providerSubscriptionId + " has no product on its price");
    }
    String currency = amount.currencyCode().toLowerCase(Locale.ROOT);
    if (item.getPrice() != null
        && item.getPrice().getCurrency() != null
        && !item.getPrice().getCurrency().equalsIgnoreCase(currency)) {
      throw new IllegalArgumentException(
          "Stripe subscription "
              + providerSubscriptionId
              + " is in "
              + item.getPrice().getCurrency().toUpperCase(Locale.ROOT)
              + "; a recurring gift keeps its currency.");
    }
    SubscriptionUpdateParams params =
        SubscriptionUpdateParams.builder()
            .addItem(
                SubscriptionUpdateParams.Item.builder()
                    .setId(item.getId())
                    .setPriceData(
                        SubscriptionUpdateParams.Item.PriceData.builder()
                            .setCurrency(currency)
                            .setProduct(product)
                            .setUnitAmount(amount.minor())
                            .setRecurring(
                                SubscriptionUpdateParams.Item.PriceData.Recurring.builder()
                                    .setInterval(
                                        frequency == Frequency.ANNUAL
                                            ? SubscriptionUpdateParams.Item.PriceData.Recurring
                                                .Interval.YEAR
                                            : SubscriptionUpdateParams.Item.PriceData.Recurring
                                                .Interval.MONTH)
                                    .build())
                            .build())
                    .setQuantity(1L)
                    .build())
            // The new amount applies from the next payment on; the current period is already paid.
            .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE)
            .putMetadata("frequency", frequency.code())
            .build();
    try {
      stripe.v1().subscriptions().update(providerSubscriptionId, params);
    } catch (StripeException e) {
      throw unavailable("change subscription " + providerSubscriptionId + " to " + amount, e);
    }
  }

  private static PaymentProviderUnavailable unavailable(String what, StripeException e) {
    Integer status = e.getStatusCode();
    log.warn(
        "Stripe did not {}: {} ({}, Stripe request id {}). If this repeats, check https://status.stripe.com "
            + "and look the request id up in the Stripe dashboard's logs; a 401 means samizdat.revenue.stripe.secret-key "
            + "is wrong.",
        what,
        e.getMessage(),
        status == null || status == 0 ? "no answer" : "HTTP " + status,
        e.getRequestId());
    return new PaymentProviderUnavailable(e);
  }
}

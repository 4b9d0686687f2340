package org.samizdat.revenue.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.samizdat.revenue.stripe.StripeTestSupport.EVENT_CREATED;
import static org.samizdat.revenue.stripe.StripeTestSupport.NOW;
import static org.samizdat.revenue.stripe.StripeTestSupport.WEBHOOK_SECRET;
import static org.samizdat.revenue.stripe.StripeTestSupport.fixture;
import static org.samizdat.revenue.stripe.StripeTestSupport.provider;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import tools.jackson.databind.json.JsonMapper;

class StripeWebhookTests {

  @RegisterExtension
  static WireMockExtension stripe =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final UUID CHECKOUT_ONCE = UUID.fromString("3f1c2a9e-7b4d-4e2a-9c61-0d8f5b6a7e21");
  static final UUID CHECKOUT_MONTHLY = UUID.fromString("8a6e0c3b-2f47-4d19-b5a2-6c1e9f0d4b37");
  static final String SUBSCRIPTION = "sub_1RcU0a2eZvKYlo2CmH3sZk8w";
  static final String RENEWAL_INVOICE = "in_1RcW3e2eZvKYlo2C7tYq2MnB";

  StripeProvider provider;

  @BeforeEach
  void setUp() {
    provider = provider(stripe.baseUrl());
  }

  List<PaymentEvent> deliver(String payload, String signature) throws WebhookRejected {
    Map<String, String> headers =
        signature == null
            ? Map.of("content-type", "application/json")
            : Map.of("content-type", "application/json", "stripe-signature", signature);
    return provider.readWebhook(payload.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Delivered as Stripe delivers it: signed now with the endpoint's secret. */
  PaymentEvent deliver(String payload) throws WebhookRejected {
    List<PaymentEvent> events =
        deliver(payload, StripeSignatures.sign(payload, WEBHOOK_SECRET, NOW.getEpochSecond()));
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  PaymentEvent deliverFixture(String name) throws WebhookRejected {
    return deliver(fixture(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "checkout.session.completed.once.json",
        "checkout.session.completed.monthly.json",
        "checkout.session.completed.unpaid.json",
        "checkout.session.async_payment_succeeded.json",
        "invoice.paid.renewal.json",
        "invoice.paid.first.json",
        "invoice.payment_failed.json",
        "customer.subscription.updated.json",
        "customer.subscription.deleted.json",
        "charge.refunded.json",
        "customer.created.json"
      })
  void fixturesAreInTheApiVersionTheSdkSpeaks(String name) {
    // When stripe-java is upgraded and this fails, re-check the fixtures against Stripe's
    // changelog.
    assertThat(JsonMapper.builder().build().readTree(fixture(name)).get("api_version").asString())
        .isEqualTo(Stripe.API_VERSION);
  }

  // What each event means

  @Test
  void aPaidOneTimeCheckoutIsAContribution() throws Exception {
    assertThat(deliverFixture("checkout.session.completed.once.json"))
        .isEqualTo(
            new CheckoutCompleted(
                "evt_1RcT8h2eZvKYlo2Cq1Ww0nCe",
                EVENT_CREATED,
                CHECKOUT_ONCE,
                "anna@example.org",
                Money.of(2500, "USD"),
                Frequency.ONCE,
                null,
                null,
                "pi_3RcT8f2eZvKYlo2C1xYp0Q7d"));
  }

  @Test
  void aPaidSubscriptionCheckoutIsTheFirstPaymentOfARecurringGift() throws Exception {
    assertThat(deliverFixture("checkout.session.completed.monthly.json"))
        .isEqualTo(
            new CheckoutCompleted(
                "evt_1RcU0c2eZvKYlo2C8sNw2yFt",
                EVENT_CREATED,
                CHECKOUT_MONTHLY,
                "ivan@example.org",
                Money.of(1000, "EUR"),
                Frequency.MONTHLY,
                "cus_SXq1Lr9Pz0YbTn",
                SUBSCRIPTION,
                null));
  }

  @Test
  void aCheckoutStillWaitingForABankDebitCountsNothingYet() throws Exception {
    assertThat(deliverFixture("checkout.session.completed.unpaid.json"))
        .isEqualTo(
            new Ignored(
                "evt_1RcV2d2eZvKYlo2CfR3q8mXa", EVENT_CREATED, "checkout.session.completed"));
  }

  @Test
  void theBankDebitClearingLaterIsTheContribution() throws Exception {
    assertThat(deliverFixture("checkout.session.async_payment_succeeded.json"))
        .isEqualTo(
            new CheckoutCompleted(
                "evt_1RcZ9k2eZvKYlo2Cw0Lq1vBn",
                EVENT_CREATED,
                CHECKOUT_ONCE,
                "marta@example.org",
                Money.of(5000, "EUR"),
                Frequency.ONCE,
                null,
                null,
                "pi_3RcV2b2eZvKYlo2C0aBn6TgH"));
  }

  @Test
  void anEventRenderedInAnotherApiVersionIsStillRead() throws Exception {
    String older =
        fixture("checkout.session.completed.once.json")
            .replace(
                "\"api_version\": \"" + Stripe.API_VERSION + "\"",
                "\"api_version\": \"2019-02-19\"");
    assertThat(older).contains("2019-02-19");

    assertThat(deliver(older))
        .isInstanceOfSatisfying(
            CheckoutCompleted.class,
            c -> {
              assertThat(c.amount()).isEqualTo(Money.of(2500, "USD"));
              assertThat(c.checkoutId()).isEqualTo(CHECKOUT_ONCE);
            });
  }

  @Test
  void aCheckoutSamizdatDidNotOpenIsIgnored() throws Exception {
    String foreign =
        fixture("checkout.session.completed.once.json")
            .replace(CHECKOUT_ONCE.toString(), "plink_order_77");

    assertThat(deliver(foreign)).isInstanceOf(Ignored.class);
  }

  @Test
  void aPaidEventThatCannotBeReadIsRejectedSoStripeRetriesIt() {
    String broken =
        fixture("checkout.session.completed.once.json")
            .replace("\"amount_total\": 2500", "\"amount_total\": null");

    assertThatThrownBy(() -> deliver(broken))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("evt_1RcT8h2eZvKYlo2Cq1Ww0nCe")
        .hasMessageContaining("amount_total");
  }

  @Test
  void aRenewalIsPaidAndItsPaymentIntentIsAskedOfStripe() throws Exception {
    stripe.stubFor(
        get(urlPathEqualTo("/v1/invoice_payments"))
            .willReturn(
                okJson(
                    """
        {"object": "list", "url": "/v1/invoice_payments", "has_more": false, "data": [
          {"id": "inpay_1RcW3f2eZvKYlo2C9dLx0Qa1", "object": "invoice_payment", "amount_paid": 1000,
           "amount_requested": 1000, "created": 1776158990, "currency": "eur", "invoice": "%s", "is_default": true,
           "livemode": false, "payment": {"type": "payment_intent", "payment_intent": "pi_3RcW3f2eZvKYlo2C0gHk5Lmn"},
           "status": "paid", "status_transitions": {"canceled_at": null, "paid_at": 1776158990}}]}
        """
                        .formatted(RENEWAL_INVOICE))));

    assertThat(deliverFixture("invoice.paid.renewal.json"))
        .isEqualTo(
            new RenewalPaid(
                "evt_1RcW3g2eZvKYlo2CxV5n0LrT",
                EVENT_CREATED,
                SUBSCRIPTION,
                RENEWAL_INVOICE,
                Money.of(1000, "EUR"),
                "pi_3RcW3f2eZvKYlo2C0gHk5Lmn"));
    stripe.verify(
        getRequestedFor(urlPathEqualTo("/v1/invoice_payments"))
            .withQueryParam("invoice", equalTo(RENEWAL_INVOICE))
            .withQueryParam("status", equalTo("paid")));
  }

  @Test
  void aRenewalIsCountedEvenWhenStripeCannotSayWhichPaymentPaidIt() throws Exception {
    // No stub: the fake answers 404.
    assertThat(deliverFixture("invoice.paid.renewal.json"))
        .isEqualTo(
            new RenewalPaid(
                "evt_1RcW3g2eZvKYlo2CxV5n0LrT",
                EVENT_CREATED,
                SUBSCRIPTION,
                RENEWAL_INVOICE,
                Money.of(1000, "EUR"),
                null));
  }

  @Test
  void aRenewalFromAnAccountOnAnOlderApiVersionNamesItsPaymentItself() throws Exception {
    assertThat(deliverFixture("invoice.paid.legacy-api.json"))
        .isEqualTo(
            new RenewalPaid(
                "evt_1RcW3g2eZvKYlo2CxV5n0LrT",
                EVENT_CREATED,
                SUBSCRIPTION,
                RENEWAL_INVOICE,
                Money.of(1000, "EUR"),
                "pi_3RcW3f2eZvKYlo2C0gHk5Lmn"));
    // no need to ask which payment paid the invoice (only what it settled as, which the fake
    // cannot say: 404, so nothing)
    stripe.verify(0, anyRequestedFor(urlPathMatching("/v1/invoice_payments.*")));
  }

  @Test
  void theFirstInvoiceOfASubscriptionIsNotCountedAgain() throws Exception {
    assertThat(deliverFixture("invoice.paid.first.json"))
        .isEqualTo(new Ignored("evt_1RcU0d2eZvKYlo2Cz4Hk7PqW", EVENT_CREATED, "invoice.paid"));
    stripe.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aFailedRenewal() throws Exception {
    assertThat(deliverFixture("invoice.payment_failed.json"))
        .isEqualTo(
            new RenewalFailed(
                "evt_1RcX4h2eZvKYlo2Cb8Mv3QsD",
                EVENT_CREATED,
                SUBSCRIPTION,
                "in_1RcX4f2eZvKYlo2CeW1r9HkJ",
                Money.of(1000, "EUR")));
  }

  @Test
  void aChangedSubscriptionCarriesItsStatusAmountAndFrequency() throws Exception {
    // 3 × €5.00 a month
    assertThat(deliverFixture("customer.subscription.updated.json"))
        .isEqualTo(
            new SubscriptionChanged(
                "evt_1RcX4i2eZvKYlo2C3pLm7NvB",
                EVENT_CREATED,
                SUBSCRIPTION,
                "past_due",
                Money.of(1500, "EUR"),
                Frequency.MONTHLY));
  }

  @Test
  void aDeletedSubscriptionHasEnded() throws Exception {
    assertThat(deliverFixture("customer.subscription.deleted.json"))
        .isEqualTo(
            new SubscriptionEnded("evt_1RcZ0a2eZvKYlo2C6tRb1WqE", EVENT_CREATED, SUBSCRIPTION));
  }

  @Test
  void aRefundReportsTheRunningTotalRefundedOnThePayment() throws Exception {
    assertThat(deliverFixture("charge.refunded.json"))
        .isEqualTo(
            new Refunded(
                "evt_3RcZ7m2eZvKYlo2C0vQe4TgY",
                EVENT_CREATED,
                "pi_3RcT8f2eZvKYlo2C1xYp0Q7d",
                Money.of(1000, "USD")));
  }

  @Test
  void anEventTypeWeDoNotUseIsIgnored() throws Exception {
    assertThat(deliverFixture("customer.created.json"))
        .isEqualTo(new Ignored("evt_1RcU0b2eZvKYlo2CtK2n8MqZ", EVENT_CREATED, "customer.created"));
  }

  // What is refused

  @Test
  void aDeliveryWithoutTheSignatureHeaderIsRejected() {
    assertThatThrownBy(() -> deliver(fixture("checkout.session.completed.once.json"), null))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("No Stripe-Signature header");
  }

  @Test
  void aForgedSignatureIsRejected() {
    String payload = fixture("checkout.session.completed.once.json");
    String forged = "t=" + NOW.getEpochSecond() + ",v1=" + "5f".repeat(32);

    assertThatThrownBy(() -> deliver(payload, forged))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aSignatureMadeWithAnotherSecretIsRejected() {
    String payload = fixture("checkout.session.completed.once.json");

    assertThatThrownBy(
            () ->
                deliver(
                    payload,
                    StripeSignatures.sign(payload, "whsec_someoneElse", NOW.getEpochSecond())))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aBodyChangedAfterSigningIsRejected() {
    String payload = fixture("checkout.session.completed.once.json");
    String signature = StripeSignatures.sign(payload, WEBHOOK_SECRET, NOW.getEpochSecond());

    assertThatThrownBy(
            () ->
                deliver(
                    payload.replace("\"amount_total\": 2500", "\"amount_total\": 250000"),
                    signature))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aSignatureOlderThanTheToleranceIsRejectedAsAReplay() {
    String payload = fixture("checkout.session.completed.once.json");
    String stale =
        StripeSignatures.sign(payload, WEBHOOK_SECRET, NOW.minusSeconds(301).getEpochSecond());

    assertThatThrownBy(() -> deliver(payload, stale))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("older than 300 s");
  }

  @Test
  void aSignatureWithinTheToleranceIsAccepted() throws Exception {
    String payload = fixture("checkout.session.completed.once.json");
    String recent =
        StripeSignatures.sign(payload, WEBHOOK_SECRET, NOW.minusSeconds(299).getEpochSecond());

    assertThat(deliver(payload, recent)).singleElement().isInstanceOf(CheckoutCompleted.class);
  }

  @Test
  void duringASecretRollEitherSignatureWillDo() throws Exception {
    String payload = fixture("charge.refunded.json");
    long t = NOW.getEpochSecond();
    String rolled =
        "t="
            + t
            + ",v1="
            + StripeSignatures.hmacSha256Hex("whsec_theOldOne", t + "." + payload)
            + ",v1="
            + StripeSignatures.hmacSha256Hex(WEBHOOK_SECRET, t + "." + payload)
            + ",v0="
            + StripeSignatures.hmacSha256Hex("whsec_testModeOnly", t + "." + payload);

    assertThat(deliver(payload, rolled)).singleElement().isInstanceOf(Refunded.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"t=abc,v1=deadbeef", "v1", "t", "nonsense", "t=1776159000"})
  void anUnreadableSignatureHeaderIsRejected(String header) {
    assertThatThrownBy(() -> deliver(fixture("charge.refunded.json"), header))
        .isInstanceOf(WebhookRejected.class);
  }

  @Test
  void aSignedBodyThatIsNotJsonIsRejected() {
    String payload = "{\"id\": \"evt_1\", \"object\": \"event\", \"type\": ";

    assertThatThrownBy(() -> deliver(payload))
        .isInstanceOf(WebhookRejected.class)
        .hasMessageContaining("not a readable Stripe event");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"hello\": \"world\"}",
        "{\"id\": \"evt_1\", \"object\": \"event\", \"type\": \"charge.refunded\", \"created\": 1776158995}",
        "[1, 2]",
        "42"
      })
  void aSignedBodyThatIsNotAStripeEventIsRejected(String payload) {
    assertThatThrownBy(() -> deliver(payload)).isInstanceOf(WebhookRejected.class);
  }
}

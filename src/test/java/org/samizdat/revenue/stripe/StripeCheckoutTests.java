package org.samizdat.revenue.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.samizdat.revenue.stripe.StripeTestSupport.CLOCK;
import static org.samizdat.revenue.stripe.StripeTestSupport.SECRET_KEY;
import static org.samizdat.revenue.stripe.StripeTestSupport.form;
import static org.samizdat.revenue.stripe.StripeTestSupport.provider;
import static org.samizdat.revenue.stripe.StripeTestSupport.settings;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.stripe.Stripe;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.samizdat.platform.Money;
import org.samizdat.revenue.CheckoutRequest;
import org.samizdat.revenue.CheckoutSession;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class StripeCheckoutTests {

  @RegisterExtension
  static WireMockExtension stripe =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final UUID CHECKOUT = UUID.fromString("3f1c2a9e-7b4d-4e2a-9c61-0d8f5b6a7e21");
  static final String ID = CHECKOUT.toString();
  static final String SESSION_ID = "cs_test_a1Zk3XqOnceGift7Hd2Lm9Pq";
  static final String SESSION_URL =
      "https://checkout.stripe.com/c/pay/" + SESSION_ID + "#fidkdWxOYHwnPyd1blpxYHZxWjA0";
  static final String SUCCESS =
      "https://courier.example/support/thanks?checkout=" + ID + "&session={CHECKOUT_SESSION_ID}";
  static final String CANCEL = "https://courier.example/support/cancelled?checkout=" + ID;

  StripeProvider provider;

  @BeforeEach
  void fakeStripe() {
    provider = provider(stripe.baseUrl());
    stripe.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                okJson(
                    """
        {"id": "%s", "object": "checkout.session", "mode": "payment", "payment_status": "unpaid",
         "status": "open", "url": "%s", "livemode": false}
        """
                        .formatted(SESSION_ID, SESSION_URL))));
  }

  static CheckoutRequest request(Frequency frequency, Money amount, String email, String language) {
    return new CheckoutRequest(
        CHECKOUT,
        frequency,
        amount,
        email,
        language,
        "Support for Samizdat Courier",
        SUCCESS,
        CANCEL,
        false);
  }

  LoggedRequest sent() {
    List<LoggedRequest> requests =
        stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void aOneTimeGiftOpensAPaymentModeSessionAndReturnsItsUrl() {
    CheckoutSession session =
        provider.startCheckout(request(Frequency.ONCE, Money.of(2500, "USD"), null, "en"));

    assertThat(session).isEqualTo(new CheckoutSession(SESSION_ID, SESSION_URL));
    Map<String, String> form = form(sent());
    assertThat(form)
        .containsEntry("mode", "payment")
        .containsEntry("submit_type", "donate")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("line_items[0][price_data][currency]", "usd")
        .containsEntry("line_items[0][price_data][unit_amount]", "2500")
        .containsEntry(
            "line_items[0][price_data][product_data][name]", "Support for Samizdat Courier")
        .containsEntry("success_url", SUCCESS)
        .containsEntry("cancel_url", CANCEL)
        .containsEntry("client_reference_id", ID)
        .containsEntry("metadata[checkout_id]", ID)
        .containsEntry("metadata[frequency]", "once")
        .containsEntry("payment_intent_data[metadata][checkout_id]", ID)
        .containsEntry("payment_intent_data[metadata][frequency]", "once")
        .containsEntry("locale", "en")
        .doesNotContainKeys(
            "line_items[0][price_data][recurring][interval]",
            "subscription_data[metadata][checkout_id]",
            "customer_email",
            "line_items[0][price_data][product]");
  }

  @ParameterizedTest
  @CsvSource({"MONTHLY, month, monthly", "ANNUAL, year, annual"})
  void aRecurringGiftOpensASubscriptionWithAnInlineRecurringPrice(
      Frequency frequency, String interval, String code) {
    CheckoutSession session =
        provider.startCheckout(request(frequency, Money.of(1000, "EUR"), null, "en"));

    assertThat(session.redirectUrl()).isEqualTo(SESSION_URL);
    assertThat(form(sent()))
        .containsEntry("mode", "subscription")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("line_items[0][price_data][currency]", "eur")
        .containsEntry("line_items[0][price_data][unit_amount]", "1000")
        .containsEntry("line_items[0][price_data][recurring][interval]", interval)
        .containsEntry("client_reference_id", ID)
        .containsEntry("metadata[checkout_id]", ID)
        .containsEntry("metadata[frequency]", code)
        .containsEntry("subscription_data[metadata][checkout_id]", ID)
        .containsEntry("subscription_data[metadata][frequency]", code)
        // Stripe refuses both in subscription mode.
        .doesNotContainKeys("submit_type", "payment_intent_data[metadata][checkout_id]");
  }

  @Test
  void theReadersEmailAndLanguageArePassedOn() {
    provider.startCheckout(
        request(Frequency.MONTHLY, Money.of(50000, "RUB"), "ivan@example.org", "ru"));

    assertThat(form(sent()))
        .containsEntry("customer_email", "ivan@example.org")
        .containsEntry("locale", "ru")
        .containsEntry("line_items[0][price_data][currency]", "rub")
        .containsEntry("line_items[0][price_data][unit_amount]", "50000");
  }

  @Test
  void aLanguageStripeIsNotToldAboutLetsCheckoutChoose() {
    provider.startCheckout(request(Frequency.ONCE, Money.of(500, "EUR"), null, "de"));

    assertThat(form(sent())).containsEntry("locale", "auto");
  }

  @Test
  void aConfiguredProductCarriesEveryGiftInsteadOfANewProductPerCheckout() {
    StripeProvider withProduct =
        new StripeProvider(settings(stripe.baseUrl(), "prod_SXq0Yt3Mv8KxRd"), CLOCK);

    withProduct.startCheckout(request(Frequency.ANNUAL, Money.of(12000, "USD"), null, "en"));

    assertThat(form(sent()))
        .containsEntry("line_items[0][price_data][product]", "prod_SXq0Yt3Mv8KxRd")
        .doesNotContainKey("line_items[0][price_data][product_data][name]");
  }

  @Test
  void requestsCarryTheSecretKeyAndTheSdksPinnedApiVersion() {
    provider.startCheckout(request(Frequency.ONCE, Money.of(2500, "USD"), null, "en"));

    LoggedRequest request = sent();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
    assertThat(request.getHeader("Stripe-Version")).isEqualTo(Stripe.API_VERSION);
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.getHeader("Idempotency-Key")).isNotBlank();
  }

  @Test
  void aStripeServerErrorTellsTheReaderToTryAgainAndLogsTheRequestId(CapturedOutput output) {
    stripe.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_Fk2sQ9vLm3XbTz")
                    .withBody(
                        """
            {"error": {"type": "api_error", "message": "An unknown error occurred"}}
            """)));

    assertThatThrownBy(
            () ->
                provider.startCheckout(request(Frequency.ONCE, Money.of(2500, "USD"), null, "en")))
        .isInstanceOf(PaymentProviderUnavailable.class)
        .hasMessage("The payment service did not answer; please try again in a minute.");
    assertThat(output).contains("req_Fk2sQ9vLm3XbTz").contains("open a checkout for " + ID);
    // Retried twice, each time under the same idempotency key, so Stripe never opens two sessions.
    List<LoggedRequest> attempts =
        stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
    assertThat(attempts).hasSize(3);
    assertThat(attempts)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly(attempts.get(0).getHeader("Idempotency-Key"));
  }

  @Test
  void aRefusedRequestIsUnavailableToo() {
    stripe.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_Ib7Wm1Cz0QpLxR")
                    .withBody(
                        """
            {"error": {"type": "invalid_request_error", "code": "amount_too_small", "param": "line_items[0][price_data][unit_amount]",
             "message": "The Checkout Session's total amount due must add up to at least $0.50 usd"}}
            """)));

    assertThatThrownBy(
            () -> provider.startCheckout(request(Frequency.ONCE, Money.of(10, "USD"), null, "en")))
        .isInstanceOf(PaymentProviderUnavailable.class);
  }

  @Test
  void aStripeThatCannotBeReachedIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    StripeProvider unreachable = provider("http://127.0.0.1:" + closedPort);

    assertThatThrownBy(
            () ->
                unreachable.startCheckout(
                    request(Frequency.ONCE, Money.of(2500, "USD"), null, "en")))
        .isInstanceOf(PaymentProviderUnavailable.class)
        .hasMessage("The payment service did not answer; please try again in a minute.");
  }
}

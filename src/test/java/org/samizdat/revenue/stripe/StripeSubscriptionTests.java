package org.samizdat.revenue.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.samizdat.revenue.stripe.StripeTestSupport.fixture;
import static org.samizdat.revenue.stripe.StripeTestSupport.form;
import static org.samizdat.revenue.stripe.StripeTestSupport.provider;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.samizdat.platform.Money;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentProviderUnavailable;
import tools.jackson.databind.json.JsonMapper;

class StripeSubscriptionTests {

  @RegisterExtension
  static WireMockExtension stripe =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String SUBSCRIPTION = "sub_1RcU0a2eZvKYlo2CmH3sZk8w";
  static final String PATH = "/v1/subscriptions/" + SUBSCRIPTION;

  StripeProvider provider;

  /** The subscription as Stripe returns it: 3 × €5.00 a month on product prod_SXq0Yt3Mv8KxRd. */
  static String subscriptionJson() {
    return JsonMapper.builder()
        .build()
        .readTree(fixture("customer.subscription.updated.json"))
        .get("data")
        .get("object")
        .toString();
  }

  @BeforeEach
  void setUp() {
    provider = provider(stripe.baseUrl());
  }

  @Test
  void cancellingEndsTheSubscriptionAtStripeNow() {
    stripe.stubFor(
        delete(urlPathEqualTo(PATH))
            .willReturn(okJson(subscriptionJson().replace("\"past_due\"", "\"canceled\""))));

    provider.cancelSubscription(SUBSCRIPTION);

    stripe.verify(1, deleteRequestedFor(urlPathEqualTo(PATH)));
    // Immediately: no cancel_at_period_end update, no request body asking to wait.
    stripe.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void aCancellationStripeRefusesIsUnavailable() {
    stripe.stubFor(
        delete(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"type\": \"api_error\", \"message\": \"Service unavailable\"}}")));

    assertThatThrownBy(() -> provider.cancelSubscription(SUBSCRIPTION))
        .isInstanceOf(PaymentProviderUnavailable.class);
  }

  @Test
  void changingTheAmountReplacesTheSingleItemsPriceOnTheSameProductWithoutProration() {
    stripe.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(subscriptionJson())));
    stripe.stubFor(post(urlPathEqualTo(PATH)).willReturn(okJson(subscriptionJson())));

    provider.changeSubscriptionAmount(SUBSCRIPTION, Money.of(2000, "EUR"), Frequency.ANNUAL);

    stripe.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    List<LoggedRequest> updates = stripe.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    assertThat(updates).hasSize(1);
    assertThat(form(updates.get(0)))
        .containsEntry("items[0][id]", "si_SXq2Bv7Nn4LpQa")
        .containsEntry("items[0][quantity]", "1")
        .containsEntry("items[0][price_data][product]", "prod_SXq0Yt3Mv8KxRd")
        .containsEntry("items[0][price_data][currency]", "eur")
        .containsEntry("items[0][price_data][unit_amount]", "2000")
        .containsEntry("items[0][price_data][recurring][interval]", "year")
        .containsEntry("proration_behavior", "none")
        .containsEntry("metadata[frequency]", "annual")
        .doesNotContainKeys("items[1][id]", "items[0][price]", "cancel_at_period_end");
  }

  @Test
  void monthlyStaysMonthly() {
    stripe.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(subscriptionJson())));
    stripe.stubFor(post(urlPathEqualTo(PATH)).willReturn(okJson(subscriptionJson())));

    provider.changeSubscriptionAmount(SUBSCRIPTION, Money.of(700, "EUR"), Frequency.MONTHLY);

    assertThat(form(stripe.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0)))
        .containsEntry("items[0][price_data][unit_amount]", "700")
        .containsEntry("items[0][price_data][recurring][interval]", "month");
  }

  @Test
  void aRecurringGiftKeepsItsCurrency() {
    stripe.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(subscriptionJson())));

    assertThatThrownBy(
            () ->
                provider.changeSubscriptionAmount(
                    SUBSCRIPTION, Money.of(2000, "USD"), Frequency.MONTHLY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EUR");
    stripe.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
  }

  @Test
  void aSubscriptionCannotBecomeAOneTimeGift() {
    assertThatThrownBy(
            () ->
                provider.changeSubscriptionAmount(
                    SUBSCRIPTION, Money.of(2000, "EUR"), Frequency.ONCE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSubscriptionStripeCannotFindIsUnavailable() {
    stripe.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\", \"param\": \"id\","
                            + " \"message\": \"No such subscription: '"
                            + SUBSCRIPTION
                            + "'\"}}")));

    assertThatThrownBy(
            () ->
                provider.changeSubscriptionAmount(
                    SUBSCRIPTION, Money.of(2000, "EUR"), Frequency.MONTHLY))
        .isInstanceOf(PaymentProviderUnavailable.class);
  }
}

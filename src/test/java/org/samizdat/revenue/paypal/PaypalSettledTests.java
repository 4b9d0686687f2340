package org.samizdat.revenue.paypal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.samizdat.platform.Money;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What PayPal says a converted gift was worth in the account's currency, read from its JSON. */
class PaypalSettledTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aCaptureInEurosCreditedInDollarsIsWorthItsGrossAtPaypalsRate() {
    JsonNode breakdown =
        JSON.readTree(
            """
            {"gross_amount":{"currency_code":"EUR","value":"10.00"},
             "paypal_fee":{"currency_code":"EUR","value":"0.69"},
             "net_amount":{"currency_code":"EUR","value":"9.31"},
             "receivable_amount":{"currency_code":"USD","value":"10.05"},
             "exchange_rate":{"source_currency":"EUR","target_currency":"USD","value":"1.0795"}}
            """);
    assertThat(PaypalProvider.settledFromCapture(breakdown, Money.of(1000, "EUR")))
        .isEqualTo(Money.of(1080, "USD")); // 10.795, half-even
  }

  @Test
  void aCaptureCreditedInItsOwnCurrencyOrWithNoRateSaysNothing() {
    JsonNode same =
        JSON.readTree(
            """
            {"gross_amount":{"currency_code":"USD","value":"10.00"},
             "net_amount":{"currency_code":"USD","value":"9.31"}}
            """);
    assertThat(PaypalProvider.settledFromCapture(same, Money.of(1000, "USD"))).isNull();
    JsonNode nonsense =
        JSON.readTree(
            """
            {"exchange_rate":{"source_currency":"EUR","target_currency":"USD","value":"lots"}}
            """);
    assertThat(PaypalProvider.settledFromCapture(nonsense, Money.of(1000, "EUR"))).isNull();
    JsonNode otherSource =
        JSON.readTree(
            """
            {"exchange_rate":{"source_currency":"GBP","target_currency":"USD","value":"1.27"}}
            """);
    assertThat(PaypalProvider.settledFromCapture(otherSource, Money.of(1000, "EUR"))).isNull();
  }

  @Test
  void aSubscriptionPaymentInEurosCreditedInDollarsToo() {
    JsonNode sale =
        JSON.readTree(
            """
            {"id":"8PK1","state":"completed","amount":{"total":"5.00","currency":"EUR"},
             "transaction_fee":{"value":"0.50","currency":"EUR"},
             "receivable_amount":{"value":"4.86","currency":"USD"},
             "exchange_rate":"1.08"}
            """);
    assertThat(PaypalProvider.settledFromSale(sale, Money.of(500, "EUR")))
        .isEqualTo(Money.of(540, "USD"));
    assertThat(PaypalProvider.settledFromSale(JSON.readTree("{}"), Money.of(500, "EUR"))).isNull();
  }
}

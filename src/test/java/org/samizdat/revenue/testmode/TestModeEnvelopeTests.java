package org.samizdat.revenue.testmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.WebhookRejected;

/** The test-mode webhook's envelope is read in one pass, whatever order its two fields come in. */
class TestModeEnvelopeTests {

  static final String EVENT =
      "{\"eventId\":\"evt_1\",\"occurredAt\":\"2026-12-04T10:00:00Z\",\"checkoutId\":null,"
          + "\"email\":\"reader@example.org\",\"amount\":{\"minor\":700,\"currency\":\"EUR\"},"
          + "\"frequency\":\"ONCE\",\"customerId\":\"cus_1\",\"subscriptionId\":null,\"paymentId\":\"pi_1\"}";

  @Test
  void readsTheEventWhenTheTypeComesFirst() throws Exception {
    PaymentEvent event = read("{\"type\":\"CheckoutCompleted\",\"event\":" + EVENT + "}");
    assertThat(event).isInstanceOf(PaymentEvent.CheckoutCompleted.class);
    PaymentEvent.CheckoutCompleted c = (PaymentEvent.CheckoutCompleted) event;
    assertThat(c.eventId()).isEqualTo("evt_1");
    assertThat(c.amount().minor()).isEqualTo(700);
    assertThat(c.amount().currencyCode()).isEqualTo("EUR");
    assertThat(c.paymentId()).isEqualTo("pi_1");
  }

  @Test
  void readsTheSameEventWhenTheTypeComesAfterItOrOtherFieldsFollow() throws Exception {
    assertThat(read("{\"event\":" + EVENT + ",\"type\":\"CheckoutCompleted\"}"))
        .isEqualTo(read("{\"type\":\"CheckoutCompleted\",\"event\":" + EVENT + ",\"x\":[1,{}]}"));
  }

  @Test
  void refusesAnUnknownTypeOrAMissingEvent() {
    assertThatThrownBy(() -> read("{\"type\":\"Nonsense\",\"event\":" + EVENT + "}"))
        .isInstanceOf(WebhookRejected.class);
    assertThatThrownBy(() -> read("{\"type\":\"CheckoutCompleted\"}"))
        .isInstanceOf(WebhookRejected.class);
    assertThatThrownBy(() -> read("[1]")).isInstanceOf(WebhookRejected.class);
  }

  private static PaymentEvent read(String body) throws WebhookRejected {
    return TestModeProvider.read(body.getBytes(StandardCharsets.UTF_8));
  }
}

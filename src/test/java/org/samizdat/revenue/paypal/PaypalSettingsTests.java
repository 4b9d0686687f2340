package org.samizdat.revenue.paypal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaypalSettingsTests {

  @Test
  void allFourSetIsRealPaypalNoneIsTestModeAndSomeNamesWhatIsMissing() {
    PaypalSettings all = new PaypalSettings("id", "secret", "WH-1", "sandbox", null, null);
    assertThat(all.isConfigured()).isTrue();
    assertThat(all.missing()).isEmpty();
    assertThat(all.resolvedApiBase()).isEqualTo("https://api-m.sandbox.paypal.com");
    assertThat(new PaypalSettings("id", "s", "w", "LIVE", null, null).resolvedApiBase())
        .isEqualTo("https://api-m.paypal.com");
    assertThat(
            new PaypalSettings("id", "s", "w", "http://localhost:9/", null, null).resolvedApiBase())
        .isEqualTo("http://localhost:9");

    PaypalSettings none = new PaypalSettings("", " ", null, "", null, null);
    assertThat(none.untouched()).isTrue();
    assertThat(none.isConfigured()).isFalse();

    PaypalSettings some = new PaypalSettings("id", "secret", "", null, null, null);
    assertThat(some.untouched()).isFalse();
    assertThat(some.isConfigured()).isFalse();
    assertThat(some.missing())
        .containsExactly("SAMIZDAT_PAYPAL_WEBHOOK_ID", "SAMIZDAT_PAYPAL_API_BASE");
    assertThat(all.toString()).doesNotContain("secret");
    assertThat(all.connectTimeout().toSeconds()).isEqualTo(3);
    assertThat(all.requestTimeout().toSeconds()).isEqualTo(10);
  }
}

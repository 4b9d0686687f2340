package org.samizdat.revenue.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.samizdat.revenue.paypal.PaypalWebhookSignatures.Verdict.ASK_PAYPAL;
import static org.samizdat.revenue.paypal.PaypalWebhookSignatures.Verdict.FORGED;
import static org.samizdat.revenue.paypal.PaypalWebhookSignatures.Verdict.GENUINE;

import java.nio.charset.StandardCharsets;
import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.samizdat.revenue.paypal.PaypalWebhookSignatures.Verdict;

/**
 * A PayPal webhook's signature checked here against PayPal's certificate, as PayPal documents it:
 * SHA256withRSA over {@code transmission id|time|webhook id|CRC32 of the body}.
 */
class PaypalWebhookSignaturesTests {

  static final String BASE = "http://localhost:8089";
  static final String CERT_URL = BASE + "/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270";
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final String BODY =
      "{\"id\":\"WH-1\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"resource\":{\"id\":\"C\"},"
          + "\"summary\":\"Payment of 25,00 € — ok\"}";
  static final String TIME = "2026-12-04T17:00:00Z";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T17:00:05Z"), ZoneOffset.UTC);

  static final TestCertificates.Issued PAYPAL =
      TestCertificates.selfSigned("CN=messageverificationcerts.sandbox.paypal.com, O=PayPal");

  final Map<String, String> served = new HashMap<>();
  final AtomicInteger fetches = new AtomicInteger();

  PaypalWebhookSignatures standIn() {
    return new PaypalWebhookSignatures(() -> BASE, List.of(), null, this::fetch, CLOCK);
  }

  String fetch(String url) {
    fetches.incrementAndGet();
    String pem = served.get(url);
    if (pem == null) {
      throw new PaypalWebhookSignatures.NoCertificate(url + ": 404");
    }
    return pem;
  }

  Verdict verify(PaypalWebhookSignatures signatures, String certUrl, String sig, String body) {
    return signatures.verify(
        "SHA256withRSA",
        certUrl,
        "tid-1",
        sig,
        TIME,
        WEBHOOK_ID,
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSignatureMadeWithTheCertificatesKeyIsGenuineAndTheCertificateIsFetchedOnce() {
    served.put(CERT_URL, PAYPAL.pem());
    PaypalWebhookSignatures signatures = standIn();
    String sig = PAYPAL.sign("tid-1", TIME, WEBHOOK_ID, BODY);
    for (int i = 0; i < 5; i++) {
      assertThat(verify(signatures, CERT_URL, sig, BODY)).isEqualTo(GENUINE);
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void aChangedBodyTimeOrWebhookIdOrAnotherKeyIsForged() {
    served.put(CERT_URL, PAYPAL.pem());
    PaypalWebhookSignatures signatures = standIn();
    String sig = PAYPAL.sign("tid-1", TIME, WEBHOOK_ID, BODY);
    assertThat(verify(signatures, CERT_URL, sig, BODY.replace("25,00", "95,00"))).isEqualTo(FORGED);
    assertThat(verify(signatures, CERT_URL, PAYPAL.sign("tid-1", TIME, "OTHER", BODY), BODY))
        .as("signed for another webhook")
        .isEqualTo(FORGED);
    assertThat(
            verify(
                signatures,
                CERT_URL,
                PAYPAL.sign("tid-1", "2026-12-04T16:00:00Z", WEBHOOK_ID, BODY),
                BODY))
        .isEqualTo(FORGED);
    TestCertificates.Issued forger =
        TestCertificates.selfSigned("CN=messageverificationcerts.sandbox.paypal.com");
    assertThat(verify(signatures, CERT_URL, forger.sign("tid-1", TIME, WEBHOOK_ID, BODY), BODY))
        .isEqualTo(FORGED);
    assertThat(verify(signatures, CERT_URL, "not base64 !", BODY)).isEqualTo(FORGED);
  }

  @Test
  void aCertificateFromAnyOtherAddressOrAnotherAlgorithmIsLeftToPaypal() {
    served.put(CERT_URL, PAYPAL.pem());
    PaypalWebhookSignatures signatures = standIn();
    String sig = PAYPAL.sign("tid-1", TIME, WEBHOOK_ID, BODY);
    for (String elsewhere :
        List.of(
            "https://evil.example/v1/notifications/certs/CERT-1",
            "http://localhost:8089@evil.example/v1/notifications/certs/CERT-1",
            "http://localhost:80890/v1/notifications/certs/CERT-1",
            BASE + "/v1/notifications/certs/../../v2/anything",
            BASE + "/v1/notifications/certs/CERT-1?x=1",
            BASE + "/v1/notifications/certs/",
            BASE + "/v1/other/CERT-1",
            "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1")) {
      assertThat(verify(signatures, elsewhere, sig, BODY)).as(elsewhere).isEqualTo(ASK_PAYPAL);
    }
    assertThat(
            signatures.verify(
                "SHA512withECDSA", CERT_URL, "tid-1", sig, TIME, WEBHOOK_ID, BODY.getBytes()))
        .isEqualTo(ASK_PAYPAL);
    assertThat(fetches)
        .as("nothing fetched from where PayPal does not serve certificates")
        .hasValue(0);
  }

  @Test
  void noCertificateThereOrOneNotPaypalsForWebhooksOrNotValidNowIsForged() {
    PaypalWebhookSignatures signatures = standIn();
    assertThat(verify(signatures, CERT_URL, PAYPAL.sign("tid-1", TIME, WEBHOOK_ID, BODY), BODY))
        .as("404")
        .isEqualTo(FORGED);

    String otherUrl = BASE + "/v1/notifications/certs/CERT-OTHER";
    TestCertificates.Issued shop = TestCertificates.selfSigned("CN=shop.example");
    served.put(otherUrl, shop.pem());
    assertThat(verify(signatures, otherUrl, shop.sign("tid-1", TIME, WEBHOOK_ID, BODY), BODY))
        .isEqualTo(FORGED);

    String expiredUrl = BASE + "/v1/notifications/certs/CERT-EXPIRED";
    TestCertificates.Issued expired =
        TestCertificates.issue(
            "CN=messageverificationcerts.paypal.com",
            null,
            Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:00Z"));
    served.put(expiredUrl, expired.pem());
    assertThat(verify(signatures, expiredUrl, expired.sign("tid-1", TIME, WEBHOOK_ID, BODY), BODY))
        .isEqualTo(FORGED);

    String garbageUrl = BASE + "/v1/notifications/certs/CERT-GARBAGE";
    served.put(garbageUrl, "<html>maintenance</html>");
    assertThat(verify(signatures, garbageUrl, PAYPAL.sign("tid-1", TIME, WEBHOOK_ID, BODY), BODY))
        .isEqualTo(FORGED);
  }

  @Test
  void aCertificateThatCannotBeFetchedNowIsNotAVerdict() {
    PaypalWebhookSignatures signatures =
        new PaypalWebhookSignatures(
            () -> BASE,
            List.of(),
            null,
            url -> {
              throw new PaypalWebhookSignatures.CertificateUnavailable(url + ": 503", null);
            },
            CLOCK);
    assertThatThrownBy(
            () -> verify(signatures, CERT_URL, PAYPAL.sign("tid-1", TIME, WEBHOOK_ID, BODY), BODY))
        .isInstanceOf(PaypalWebhookSignatures.CertificateUnavailable.class);
  }

  @Test
  void paypalsOwnCertificatesMustChainToATrustedAuthority() {
    TestCertificates.Issued authority = TestCertificates.selfSigned("CN=Test Root CA, O=DigiCert");
    TestCertificates.Issued vouched =
        TestCertificates.issue(
            "CN=messageverificationcerts.paypal.com, O=PayPal",
            authority,
            Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2028-01-01T00:00:00Z"));
    String paypalHost = "https://api.paypal.com/v1/notifications/certs/";
    PaypalWebhookSignatures signatures =
        new PaypalWebhookSignatures(
            () -> "https://api-m.paypal.com",
            List.of(paypalHost),
            () -> Set.of(new TrustAnchor(authority.certificate(), null)),
            this::fetch,
            CLOCK);
    served.put(paypalHost + "CERT-GOOD", vouched.pem() + authority.pem());
    assertThat(
            verify(
                signatures,
                paypalHost + "CERT-GOOD",
                vouched.sign("tid-1", TIME, WEBHOOK_ID, BODY),
                BODY))
        .isEqualTo(GENUINE);

    TestCertificates.Issued unvouched =
        TestCertificates.selfSigned("CN=messageverificationcerts.paypal.com, O=PayPal");
    served.put(paypalHost + "CERT-SELF", unvouched.pem());
    assertThat(
            verify(
                signatures,
                paypalHost + "CERT-SELF",
                unvouched.sign("tid-1", TIME, WEBHOOK_ID, BODY),
                BODY))
        .as("a self-signed certificate where PayPal's must chain to an authority")
        .isEqualTo(FORGED);
  }
}

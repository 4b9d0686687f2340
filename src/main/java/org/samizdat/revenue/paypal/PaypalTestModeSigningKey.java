package org.samizdat.revenue.paypal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PayPal test mode's own webhook signing key and self-signed certificate, so its notifications
 * are signed and checked exactly as PayPal's are (SHA256withRSA over {@code id|time|webhook
 * id|CRC32}, the certificate at {@code PAYPAL-CERT-URL}). Made once, on first use, and kept in
 * PostgreSQL so every node signs with the same key and serves the same certificate. Test mode only:
 * nothing real is signed with it.
 */
@Component
class PaypalTestModeSigningKey {

  static final String CERTIFICATE_ID = "CERT-TESTMODE";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PaypalTestModeRepository objects;
  private final Clock clock;
  private volatile Loaded loaded;

  private record Loaded(PrivateKey key, String certificatePem) {}

  PaypalTestModeSigningKey(PaypalTestModeRepository objects, Clock clock) {
    this.objects = objects;
    this.clock = clock;
  }

  /** The certificate, PEM-encoded, as PayPal serves its own at the certificate address. */
  String certificatePem() {
    return loaded().certificatePem();
  }

  /** The base64 signature PayPal puts in {@code PAYPAL-TRANSMISSION-SIG}. */
  String sign(String transmissionId, String time, String webhookId, byte[] body) {
    try {
      Signature signature = Signature.getInstance(PaypalWebhookSignatures.ALGORITHM);
      signature.initSign(loaded().key());
      signature.update(PaypalWebhookSignatures.signedText(transmissionId, time, webhookId, body));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The PayPal test mode cannot sign: " + e.getMessage(), e);
    }
  }

  private Loaded loaded() {
    Loaded current = loaded;
    if (current == null) {
      synchronized (this) {
        if (loaded == null) {
          loaded = loadOrCreate();
        }
        current = loaded;
      }
    }
    return current;
  }

  private Loaded loadOrCreate() {
    if (kept().isEmpty()) {
      // the first node to get here makes the key; any other takes the one that was kept
      objects.storeIfAbsent(CERTIFICATE_ID, "certificate", create(), clock.instant());
    }
    JsonNode kept = JSON.readTree(kept().orElseThrow());
    try {
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getDecoder().decode(kept.path("key").asString())));
      return new Loaded(key, kept.path("certificate").asString());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The PayPal test mode's kept key is unreadable", e);
    }
  }

  private java.util.Optional<String> kept() {
    return objects.load(CERTIFICATE_ID);
  }

  /** A new key and its certificate, named as PayPal names its sandbox's, valid for any date. */
  private static String create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      X500Name name =
          new X500Name("CN=messageverificationcerts.sandbox.paypal.com, O=Samizdat TEST MODE");
      var certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.valueOf(System.currentTimeMillis()),
                          Date.from(Instant.parse("2000-01-01T00:00:00Z")),
                          Date.from(Instant.parse("9999-12-31T00:00:00Z")),
                          name,
                          pair.getPublic())
                      .build(
                          new JcaContentSignerBuilder(PaypalWebhookSignatures.ALGORITHM)
                              .build(pair.getPrivate())));
      String pem =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      return JSON.createObjectNode()
          .put("key", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
          .put("certificate", pem)
          .toString();
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("The PayPal test mode cannot make its key", e);
    }
  }
}

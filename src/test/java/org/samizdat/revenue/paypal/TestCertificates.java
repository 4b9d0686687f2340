package org.samizdat.revenue.paypal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and X.509 certificates made for a test, and PayPal's webhook signature made with them. */
final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  record Issued(KeyPair keys, X509Certificate certificate) {
    String pem() {
      return TestCertificates.pem(certificate);
    }

    /** {@code PAYPAL-TRANSMISSION-SIG} as PayPal makes it. */
    String sign(String transmissionId, String time, String webhookId, String body) {
      return TestCertificates.sign(keys.getPrivate(), transmissionId, time, webhookId, body);
    }
  }

  static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(1024); // enough for a test, and quick to make
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate for {@code subject}, signed by {@code issuer} (itself when null). */
  static Issued issue(String subject, Issued issuer, Instant notBefore, Instant notAfter) {
    try {
      KeyPair keys = keys();
      X500Name name = new X500Name(subject);
      X500Name issuerName =
          issuer == null
              ? name
              : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
      var builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              name,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null));
      PrivateKey signer = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
      return new Issued(keys, certificate);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Issued selfSigned(String subject) {
    return issue(
        subject,
        null,
        Instant.parse("2020-01-01T00:00:00Z"),
        Instant.parse("2099-01-01T00:00:00Z"));
  }

  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(
      PrivateKey key, String transmissionId, String time, String webhookId, String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(
          (transmissionId + "|" + time + "|" + webhookId + "|" + crc.getValue())
              .getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private TestCertificates() {}
}

package org.samizdat.revenue.paypal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Checks a PayPal webhook's signature here, as PayPal documents it (to verify the signature
 * yourself), instead of asking PayPal's verify-webhook-signature API about every delivery: PayPal
 * signs {@code <transmission id>|<transmission time>|<webhook id>|<CRC32 of the raw body>} with
 * SHA256withRSA, and names in {@code PAYPAL-CERT-URL} the certificate whose key checks it.
 *
 * <p>A certificate is fetched only from an address this app already trusts to speak for PayPal (the
 * configured API's own, and for PayPal's live or sandbox API the hosts PayPal serves its
 * certificates from), only under {@code /v1/notifications/certs/}, and kept by its address for a
 * day. One from PayPal itself must chain to a certificate authority the JVM trusts and name {@code
 * messageverificationcerts} in its common name, as PayPal's own SDKs check. Whatever cannot be
 * decided here (another algorithm, a certificate from elsewhere) is {@link Verdict#ASK_PAYPAL}:
 * PayPal's API decides, as before. So no delivery is accepted that PayPal would refuse, and the
 * usual one costs no call to PayPal.
 */
final class PaypalWebhookSignatures {

  enum Verdict {
    GENUINE,
    FORGED,
    ASK_PAYPAL
  }

  /** The certificate could not be fetched for a reason that is not the sender's: try later. */
  static final class CertificateUnavailable extends RuntimeException {
    CertificateUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The certificate's address answered, but with no usable certificate: the delivery is forged. */
  static final class NoCertificate extends RuntimeException {
    NoCertificate(String message) {
      super(message);
    }
  }

  static final String ALGORITHM = "SHA256withRSA";
  static final String CERTS_PATH = "/v1/notifications/certs/";
  private static final String LIVE_CERTS = "https://api.paypal.com" + CERTS_PATH;
  private static final String SANDBOX_CERTS = "https://api.sandbox.paypal.com" + CERTS_PATH;

  private final Supplier<String> apiBase;
  private final List<String> paypalPrefixes;
  private final Supplier<Set<TrustAnchor>> anchors;
  private final Function<String, String> fetch;
  private final Clock clock;
  private final Cache<String, X509Certificate> certificates =
      Caffeine.newBuilder().maximumSize(32).expireAfterWrite(Duration.ofDays(1)).build();

  /**
   * @param apiBase the configured API's address, asked for on each delivery (the local test mode
   *     learns its port only once the server runs); certificates under it are trusted
   * @param paypalPrefixes other addresses a certificate may come from (PayPal's certificate hosts)
   * @param anchors the authorities a certificate must chain to, or null to take the certificate a
   *     trusted address serves as it is (a local stand-in for PayPal, trusted as its verification
   *     answer would be)
   * @param fetch the PEM text at a certificate's address ({@link CertificateUnavailable} or {@link
   *     NoCertificate} when there is none)
   */
  PaypalWebhookSignatures(
      Supplier<String> apiBase,
      List<String> paypalPrefixes,
      Supplier<Set<TrustAnchor>> anchors,
      Function<String, String> fetch,
      Clock clock) {
    this.apiBase = apiBase;
    this.paypalPrefixes = List.copyOf(paypalPrefixes);
    this.anchors = anchors;
    this.fetch = fetch;
    this.clock = clock;
  }

  /**
   * For the configured API: PayPal's live or sandbox API (certificates also from the host PayPal
   * serves them from, checked against the JVM's authorities), or a stand-in (its own certificates,
   * taken as served).
   */
  static PaypalWebhookSignatures forApi(
      String environment, Supplier<String> apiBase, Function<String, String> fetch, Clock clock) {
    return switch (environment) {
      case PaypalSettings.LIVE ->
          new PaypalWebhookSignatures(
              apiBase, List.of(LIVE_CERTS), JvmAuthorities::get, fetch, clock);
      case PaypalSettings.SANDBOX ->
          new PaypalWebhookSignatures(
              apiBase, List.of(SANDBOX_CERTS), JvmAuthorities::get, fetch, clock);
      default -> new PaypalWebhookSignatures(apiBase, List.of(), null, fetch, clock);
    };
  }

  /** Read once, when PayPal's first certificate is checked. */
  private static final class JvmAuthorities {
    static final Set<TrustAnchor> ALL = jvmAuthorities();

    static Set<TrustAnchor> get() {
      return ALL;
    }
  }

  Verdict verify(
      String authAlgo,
      String certUrl,
      String transmissionId,
      String transmissionSig,
      String transmissionTime,
      String webhookId,
      byte[] body) {
    if (!ALGORITHM.equalsIgnoreCase(authAlgo) || !trusted(certUrl)) {
      return Verdict.ASK_PAYPAL;
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(transmissionSig.trim());
    } catch (IllegalArgumentException e) {
      return Verdict.FORGED;
    }
    X509Certificate certificate;
    try {
      certificate = certificates.get(certUrl, this::load);
      certificate.checkValidity(Date.from(clock.instant()));
    } catch (NoCertificate | GeneralSecurityException e) {
      return Verdict.FORGED;
    }
    try {
      Signature check = Signature.getInstance(ALGORITHM);
      check.initVerify(certificate.getPublicKey());
      check.update(signedText(transmissionId, transmissionTime, webhookId, body));
      return check.verify(signature) ? Verdict.GENUINE : Verdict.FORGED;
    } catch (GeneralSecurityException e) {
      return Verdict.FORGED;
    }
  }

  /** What PayPal signs for one transmission: {@code id|time|webhook id|CRC32 of the raw body}. */
  static byte[] signedText(String transmissionId, String time, String webhookId, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return (transmissionId + "|" + time + "|" + webhookId + "|" + crc.getValue())
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Only a plain address under a trusted prefix: no user, query, fragment or dot segments. */
  private boolean trusted(String certUrl) {
    URI uri;
    try {
      uri = new URI(certUrl);
    } catch (URISyntaxException e) {
      return false;
    }
    if (uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawPath() == null
        || uri.getRawPath().contains("..")
        || uri.getRawPath().contains("//")) {
      return false;
    }
    List<String> prefixes = new ArrayList<>(paypalPrefixes);
    prefixes.add(apiBase.get() + CERTS_PATH);
    for (String prefix : prefixes) {
      if (certUrl.startsWith(prefix) && certUrl.length() > prefix.length()) {
        return true;
      }
    }
    return false;
  }

  private X509Certificate load(String certUrl) {
    String pem = fetch.apply(certUrl);
    List<X509Certificate> chain;
    try {
      chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (GeneralSecurityException e) {
      throw new NoCertificate(certUrl + " holds no X.509 certificate: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new NoCertificate(certUrl + " holds no X.509 certificate");
    }
    X509Certificate leaf = chain.get(0);
    Date now = Date.from(clock.instant());
    try {
      leaf.checkValidity(now);
    } catch (GeneralSecurityException e) {
      throw new NoCertificate(certUrl + " holds a certificate that is not valid now");
    }
    String name = commonName(leaf);
    if (!name.startsWith("messageverificationcerts.") || !name.endsWith(".paypal.com")) {
      throw new NoCertificate(certUrl + " holds a certificate that is not PayPal's for webhooks");
    }
    if (anchors != null) {
      try {
        // the leaf and what leads to an authority; a root sent along is the anchor's business
        List<X509Certificate> path = new ArrayList<>(List.of(leaf));
        chain.stream()
            .skip(1)
            .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
            .forEach(path::add);
        PKIXParameters parameters = new PKIXParameters(anchors.get());
        parameters.setRevocationEnabled(false);
        parameters.setDate(now);
        CertPathValidator.getInstance("PKIX")
            .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new NoCertificate(
            certUrl + " holds a certificate no trusted authority vouches for: " + e.getMessage());
      }
    }
    return leaf;
  }

  private static String commonName(X509Certificate certificate) {
    for (String part :
        certificate.getSubjectX500Principal().getName(X500Principal.RFC2253).split(",")) {
      if (part.regionMatches(true, 0, "CN=", 0, 3)) {
        return part.substring(3).toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }

  private static Set<TrustAnchor> jvmAuthorities() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      Set<TrustAnchor> anchors = new HashSet<>();
      for (var manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate ca : x509.getAcceptedIssuers()) {
            anchors.add(new TrustAnchor(ca, null));
          }
        }
      }
      return anchors;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM's certificate authorities cannot be read", e);
    }
  }
}

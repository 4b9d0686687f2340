package org.samizdat.revenue.btcpay;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.samizdat.revenue.CheckoutRequest;
import org.samizdat.revenue.CheckoutSession;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.WebhookRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crypto gifts through a BTCPay Server store: an invoice per gift (Greenfield API), the reader pays
 * on BTCPay's checkout page, and BTCPay's signed webhook tells us. The webhook body is only a hint:
 * the invoice is read back from BTCPay and its status and amounts are what count.
 *
 * <p>Money is recorded once per invoice whatever arrives how often: the event id names the invoice
 * and the total that arrived on it, and the ledger records only what exceeds what it already holds
 * for that invoice (see {@code PaymentEventProcessor}). Shared by the real rail and its local test
 * mode, which differ only in where the store lives.
 */
abstract class BtcpayRail implements PaymentProvider {

  private static final Logger log = LoggerFactory.getLogger(BtcpayRail.class);
  static final String SIGNATURE_HEADER = "btcpay-sig";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Where the store lives and the secrets to talk to it. */
  record Account(
      String url, String storeId, String apiKey, String webhookSecret, String onionUrl) {}

  private final Clock clock;

  BtcpayRail(Clock clock) {
    this.clock = clock;
  }

  abstract Account account();

  abstract GreenfieldClient client();

  @Override
  public boolean asksForAddress() {
    return false;
  }

  @Override
  public Set<Frequency> frequencies() {
    // Crypto has no automatic debit: one-time gifts only.
    return Set.of(Frequency.ONCE);
  }

  @Override
  public CheckoutSession startCheckout(CheckoutRequest request) {
    GreenfieldClient.Invoice invoice =
        client()
            .createInvoice(
                request.amount(),
                request.checkoutId().toString(),
                request.description(),
                request.successUrl(),
                Language.fromCode(request.language()).orElse(Language.EN).code());
    if (invoice.id() == null || invoice.checkoutLink() == null) {
      log.error(
          "BTCPay created an invoice for checkout {} without an id or checkoutLink",
          request.checkoutId());
      throw new org.samizdat.revenue.PaymentProviderUnavailable(
          new IllegalStateException("invoice without checkoutLink"));
    }
    return new CheckoutSession(invoice.id(), readerLink(invoice.checkoutLink()));
  }

  /** A reader who came through the onion service pays through BTCPay's onion address too. */
  String readerLink(String checkoutLink) {
    Account account = account();
    if (!BtcpaySettings.hasText(account.onionUrl())
        || !checkoutLink.startsWith(account.url() + "/")) {
      return checkoutLink;
    }
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
      HttpServletRequest request = a.getRequest();
      String host = request.getServerName();
      if (host != null && host.toLowerCase(Locale.ROOT).endsWith(".onion")) {
        return account.onionUrl() + checkoutLink.substring(account.url().length());
      }
    }
    return checkoutLink;
  }

  @Override
  public List<PaymentEvent> readWebhook(byte[] payload, Map<String, String> headers)
      throws WebhookRejected {
    verify(payload, headers == null ? null : headers.get(SIGNATURE_HEADER));
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (RuntimeException e) {
      throw new WebhookRejected("the body is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new WebhookRejected("the body is not a JSON object");
    }
    String type = GreenfieldClient.text(root, "type");
    String deliveryId = GreenfieldClient.text(root, "deliveryId");
    if (type == null || deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
      throw new WebhookRejected("the event has no type or deliveryId");
    }
    String storeId = GreenfieldClient.text(root, "storeId");
    if (storeId != null && !storeId.equals(account().storeId())) {
      throw new WebhookRejected("the event is for another BTCPay store, not this newsroom's");
    }
    Instant at = timestamp(root);
    String invoiceId = GreenfieldClient.text(root, "invoiceId");
    boolean acted =
        switch (type) {
          case "InvoiceSettled", "InvoicePaymentSettled", "InvoiceExpired", "InvoiceInvalid" ->
              true;
          default -> false;
        };
    if (!acted || invoiceId == null) {
      return List.of(new PaymentEvent.Ignored("delivery:" + deliveryId, at, type));
    }
    if (storeId == null) {
      throw new WebhookRejected("an invoice event without storeId");
    }
    if (invoiceId.startsWith("__test__")) {
      // BTCPay's "Send test webhook" button: a made-up invoice that cannot be read back.
      return List.of(new PaymentEvent.Ignored("delivery:" + deliveryId, at, type + " (test)"));
    }
    if (invoiceId.isBlank() || invoiceId.length() > 100) {
      throw new WebhookRejected("the invoiceId is not one BTCPay makes");
    }
    return List.of(fromInvoice(invoiceId, deliveryId, type, at));
  }

  /** Reads the invoice back and says what it means for the ledger. */
  private PaymentEvent fromInvoice(String invoiceId, String deliveryId, String type, Instant at)
      throws WebhookRejected {
    GreenfieldClient.Invoice invoice =
        client()
            .invoice(invoiceId)
            .orElseThrow(
                () -> new WebhookRejected("invoice " + invoiceId + " is unknown to the store"));
    if (invoice.storeId() != null && !invoice.storeId().equals(account().storeId())) {
      throw new WebhookRejected("invoice " + invoiceId + " belongs to another store");
    }
    UUID checkoutId = uuid(invoice.orderId());
    Currency currency = currency(invoice.currency());
    if (checkoutId == null || currency == null) {
      // An invoice the store made for something else (a point of sale, a payment request).
      return new PaymentEvent.Ignored(
          "delivery:" + deliveryId, at, type + " for an invoice Samizdat did not create");
    }
    Money invoiced = money(invoice.amount(), currency);
    String status = String.valueOf(invoice.status());
    String additional = invoice.additionalStatus() == null ? "None" : invoice.additionalStatus();
    Money total;
    String review = null;
    if ("Settled".equals(status)) {
      total = "PaidOver".equals(additional) ? money(invoice.paidAmount(), currency) : invoiced;
      review =
          switch (additional) {
            case "PaidOver" -> "paid over: more arrived than the invoice asked";
            case "Marked" -> "marked as settled by hand in BTCPay";
            case "PaidLate" -> "paid late: after the invoice expired";
            default -> null;
          };
    } else {
      BigDecimal paid = GreenfieldClient.decimal(jsonText(invoice.paidAmount()));
      total =
          paid.signum() > 0
              ? new Money(minor(client().settledValue(invoiceId, currency), currency), currency)
              : new Money(0, currency);
      if (total.minor() > 0) {
        review =
            switch (additional) {
              case "PaidLate" -> "paid late: after the invoice expired";
              case "PaidPartial" -> "paid partly: less arrived than the invoice asked";
              default -> "money arrived on an invoice that is " + status;
            };
      }
    }
    if (total.minor() > 0) {
      return new PaymentEvent.PaymentArrived(
          "invoice:" + invoiceId + ":paid:" + total.minor(),
          at,
          checkoutId,
          invoiceId,
          null, // the checkout's own amount: an invoice for another amount is flagged
          total,
          invoice.buyerEmail(),
          null,
          review);
    }
    if ("Expired".equals(status) || "Invalid".equals(status)) {
      return new PaymentEvent.CheckoutClosed(
          "invoice:" + invoiceId + ":closed", at, checkoutId, "invoice " + status);
    }
    return new PaymentEvent.Ignored("delivery:" + deliveryId, at, type + " while " + status);
  }

  /** {@code BTCPay-Sig: sha256=<hex HMAC-SHA256(secret, raw body)>}, compared in constant time. */
  void verify(byte[] payload, String header) throws WebhookRejected {
    if (header == null || header.isBlank()) {
      throw new WebhookRejected("no BTCPay-Sig header: the request did not come from BTCPay");
    }
    String value = header.trim();
    if (!value.startsWith("sha256=")) {
      throw new WebhookRejected("the BTCPay-Sig header is not sha256=<hex>");
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(value.substring("sha256=".length()));
    } catch (IllegalArgumentException e) {
      throw new WebhookRejected("the BTCPay-Sig header is not sha256=<hex>");
    }
    if (!MessageDigest.isEqual(keyedHmac(account().webhookSecret()).doFinal(payload), given)) {
      throw new WebhookRejected("the BTCPay-Sig signature does not match this webhook's secret");
    }
  }

  /**
   * The webhook secret's key, set up once and cloned per delivery (not looked up and keyed each
   * time).
   */
  private record KeyedMac(String secret, Mac mac) {}

  private volatile KeyedMac keyed;

  private Mac keyedHmac(String secret) {
    KeyedMac k = keyed;
    if (k == null || !k.secret().equals(secret)) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        k = new KeyedMac(secret, mac);
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
      keyed = k;
    }
    try {
      return (Mac) k.mac().clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(String secret, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  static String signature(String secret, byte[] payload) {
    return "sha256=" + HexFormat.of().formatHex(hmac(secret, payload));
  }

  private Instant timestamp(JsonNode root) {
    JsonNode t = root.path("timestamp");
    if (t.isNumber()) {
      long seconds = t.asLong();
      if (seconds > 0 && seconds < 100_000_000_000L) {
        return Instant.ofEpochSecond(seconds);
      }
    }
    return clock.instant();
  }

  private static JsonNode jsonText(String s) {
    return s == null ? null : tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(s);
  }

  private static Money money(String decimal, Currency currency) {
    return new Money(minor(GreenfieldClient.decimal(jsonText(decimal)), currency), currency);
  }

  private static long minor(BigDecimal major, Currency currency) {
    return major
        .setScale(Math.max(0, currency.getDefaultFractionDigits()), RoundingMode.HALF_UP)
        .movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
        .longValueExact();
  }

  private static UUID uuid(String s) {
    if (s == null) {
      return null;
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Currency currency(String code) {
    if (code == null || !code.matches("[A-Z]{3}")) {
      return null;
    }
    try {
      Currency c = Currency.getInstance(code);
      return c.getDefaultFractionDigits() < 0 ? null : c;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void cancelSubscription(String providerSubscriptionId) {
    throw new UnsupportedOperationException(
        "BTCPay gifts are one-time; there is nothing to cancel");
  }

  @Override
  public void changeSubscriptionAmount(
      String providerSubscriptionId, Money amount, Frequency frequency) {
    throw new UnsupportedOperationException(
        "BTCPay gifts are one-time; there is nothing to change");
  }
}

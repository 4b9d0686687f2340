package org.samizdat.revenue.btcpay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Samizdat talks to the newsroom's own BTCPay Server store. The rail is on only when all four
 * of url, store id, API key and webhook secret are set; see {@link BtcpayConfigured}.
 *
 * @param url the BTCPay Server's base address, e.g. https://pay.example.org
 * @param storeId the store's id (Store settings > General)
 * @param apiKey a Greenfield API key of the store's owner with the permissions {@code
 *     btcpay.store.cancreateinvoice} and {@code btcpay.store.canviewinvoices}
 * @param webhookSecret the secret of the store's webhook that points at /webhooks/btcpay
 * @param onionUrl optional: the BTCPay Server's onion address; readers who came through the onion
 *     service are sent to the checkout there
 * @param timeout how long a reader waits for BTCPay to open an invoice before being offered the
 *     other ways to give
 */
@ConfigurationProperties("samizdat.revenue.btcpay")
public record BtcpaySettings(
    String url,
    String storeId,
    String apiKey,
    String webhookSecret,
    String onionUrl,
    @DefaultValue("8s") Duration timeout) {

  public BtcpaySettings {
    url = trimSlash(url);
    onionUrl = trimSlash(onionUrl);
    if (timeout == null) {
      timeout = Duration.ofSeconds(8);
    }
  }

  /** The environment variables still missing, in the order the README lists them. */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!hasText(url)) {
      missing.add("SAMIZDAT_BTCPAY_URL");
    }
    if (!hasText(storeId)) {
      missing.add("SAMIZDAT_BTCPAY_STORE_ID");
    }
    if (!hasText(apiKey)) {
      missing.add("SAMIZDAT_BTCPAY_API_KEY");
    }
    if (!hasText(webhookSecret)) {
      missing.add("SAMIZDAT_BTCPAY_WEBHOOK_SECRET");
    }
    return missing;
  }

  public boolean isConfigured() {
    return missing().isEmpty();
  }

  static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }

  private static String trimSlash(String s) {
    return s == null ? null : s.trim().replaceAll("/+$", "");
  }

  /** Keeps the key and the secret out of logs and error pages. */
  @Override
  public String toString() {
    return "BtcpaySettings[url="
        + url
        + ", storeId="
        + storeId
        + ", apiKey="
        + (hasText(apiKey) ? "(set)" : "(empty)")
        + ", webhookSecret="
        + (hasText(webhookSecret) ? "(set)" : "(empty)")
        + ", onionUrl="
        + onionUrl
        + ", timeout="
        + timeout
        + "]";
  }
}

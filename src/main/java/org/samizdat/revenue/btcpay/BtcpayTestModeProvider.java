package org.samizdat.revenue.btcpay;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.revenue.testmode.LocalWebhooks;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Crypto gifts in the local TEST MODE: the same rail as the real one, talking to a stand-in BTCPay
 * store that this app plays on its own origin ({@link BtcpayTestStoreController}): Greenfield
 * invoices, a checkout page that "pays", and webhooks signed exactly as BTCPay signs them. Active
 * only while no real provider is configured (see PaymentProviders); no money moves.
 */
@Component
@org.springframework.core.annotation.Order(30) // after cards and PayPal
class BtcpayTestModeProvider extends BtcpayRail {

  static final String ID = "btcpay-testmode";
  static final String STORE_ID = "TestModeStore";
  static final String API_KEY_SECRET = "btcpay-testmode-api-key";
  static final String WEBHOOK_SECRET = "btcpay-testmode-webhook";
  static final String API_PATH = "/support/btcpay-testmode";

  private final AppSecrets secrets;
  private final Environment environment;
  private volatile GreenfieldClient client;

  BtcpayTestModeProvider(AppSecrets secrets, Environment environment, Clock clock) {
    super(clock);
    this.secrets = secrets;
    this.environment = environment;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Crypto: Bitcoin, Lightning (TEST MODE: no money moves)";
  }

  @Override
  public boolean isTestMode() {
    return true;
  }

  /** This app's own address on loopback: the stand-in store and the webhook endpoint live here. */
  String localBase() {
    return LocalWebhooks.localBase(environment);
  }

  /** A JSON POST to this app's own BTCPay webhook endpoint, to be signed as BTCPay signs. */
  HttpRequest.Builder toWebhook() {
    return LocalWebhooks.toWebhook(environment, ID);
  }

  @Override
  Account account() {
    return new Account(
        localBase() + API_PATH,
        STORE_ID,
        secrets.get(API_KEY_SECRET),
        secrets.get(WEBHOOK_SECRET),
        null);
  }

  @Override
  GreenfieldClient client() {
    GreenfieldClient c = client;
    if (c == null) {
      Account a = account();
      c = new GreenfieldClient(a.url(), a.storeId(), a.apiKey(), Duration.ofSeconds(10));
      client = c;
    }
    return c;
  }
}

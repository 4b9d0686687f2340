package org.samizdat.revenue.btcpay;

import java.time.Clock;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The newsroom's own BTCPay Server store: Bitcoin on-chain, Lightning, and whatever else the store
 * accepts. Exists only when all four BTCPay settings are set ({@link BtcpayConfigured}).
 */
@Component
@org.springframework.core.annotation.Order(30) // after cards and PayPal
@Conditional(BtcpayConfigured.class)
class BtcpayProvider extends BtcpayRail {

  static final String ID = "btcpay";

  private final BtcpaySettings settings;
  private final GreenfieldClient client;

  BtcpayProvider(BtcpaySettings settings, Clock clock) {
    super(clock);
    if (!settings.isConfigured()) {
      throw new IllegalArgumentException("BTCPay needs " + settings.missing());
    }
    this.settings = settings;
    this.client =
        new GreenfieldClient(
            settings.url(), settings.storeId(), settings.apiKey(), settings.timeout());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Crypto: Bitcoin, Lightning (BTCPay)";
  }

  @Override
  Account account() {
    return new Account(
        settings.url(),
        settings.storeId(),
        settings.apiKey(),
        settings.webhookSecret(),
        settings.onionUrl());
  }

  @Override
  GreenfieldClient client() {
    return client;
  }
}

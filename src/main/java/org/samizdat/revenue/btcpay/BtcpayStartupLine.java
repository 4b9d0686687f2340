package org.samizdat.revenue.btcpay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** One start-up line saying whether crypto gifts go to a real BTCPay store, and what is missing. */
@Component
class BtcpayStartupLine {

  private static final Logger log = LoggerFactory.getLogger(BtcpayStartupLine.class);

  BtcpayStartupLine(BtcpaySettings settings) {
    if (settings.isConfigured()) {
      log.info(
          "BTCPay Server rail is on: crypto gifts go to store {} at {}",
          settings.storeId(),
          settings.url());
    } else if (settings.missing().size() == 4) {
      log.info(
          "BTCPay Server rail is off (crypto gifts run in the local TEST MODE while no payment"
              + " provider is configured): set SAMIZDAT_BTCPAY_URL, SAMIZDAT_BTCPAY_STORE_ID,"
              + " SAMIZDAT_BTCPAY_API_KEY and SAMIZDAT_BTCPAY_WEBHOOK_SECRET to take crypto.");
    } else {
      log.warn(
          "BTCPay Server rail is OFF because {} {} missing: all four BTCPay settings are needed.",
          String.join(", ", settings.missing()),
          settings.missing().size() == 1 ? "is" : "are");
    }
  }
}

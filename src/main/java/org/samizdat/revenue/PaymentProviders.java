package org.samizdat.revenue;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The providers readers can pay through. The test-mode provider is active only while no real
 * provider is configured, so a newsroom that adds its Stripe keys can never take a fake payment.
 */
@Component
public class PaymentProviders {

  private static final Logger log = LoggerFactory.getLogger(PaymentProviders.class);
  private final List<PaymentProvider> active;

  PaymentProviders(List<PaymentProvider> all) {
    List<PaymentProvider> real = all.stream().filter(p -> !p.isTestMode()).toList();
    this.active = real.isEmpty() ? all.stream().filter(PaymentProvider::isTestMode).toList() : real;
    if (real.isEmpty()) {
      log.warn(
          "No payment provider is configured: contributions run in TEST MODE and no money moves. "
              + "Set SAMIZDAT_STRIPE_SECRET_KEY and SAMIZDAT_STRIPE_WEBHOOK_SECRET, or the four "
              + "SAMIZDAT_PAYPAL_* settings, to take real payments.");
    }
  }

  public List<PaymentProvider> active() {
    return active;
  }

  public Optional<PaymentProvider> get(String id) {
    return active.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public boolean testMode() {
    return active.stream().anyMatch(PaymentProvider::isTestMode);
  }
}

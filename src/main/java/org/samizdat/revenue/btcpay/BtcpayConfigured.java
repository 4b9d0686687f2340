package org.samizdat.revenue.btcpay;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The BTCPay rail exists exactly when its url, store id, API key and webhook secret are all bound
 * to non-blank values (an unset variable binds as an empty string, see {@code
 * application.properties}). With only some of them the rail stays off: taking money whose webhooks
 * we cannot verify, or whose invoices we cannot read back, would lose gifts.
 */
public final class BtcpayConfigured extends SpringBootCondition {

  static final String PREFIX = "samizdat.revenue.btcpay";

  public static BtcpaySettings settings(Environment environment) {
    Binder binder = Binder.get(environment);
    return new BtcpaySettings(
        text(binder, "url"),
        text(binder, "store-id"),
        text(binder, "api-key"),
        text(binder, "webhook-secret"),
        text(binder, "onion-url"),
        null);
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("BTCPay configured");
    BtcpaySettings settings = settings(context.getEnvironment());
    return settings.isConfigured()
        ? ConditionOutcome.match(message.because("all four BTCPay settings are set"))
        : ConditionOutcome.noMatch(message.because("missing " + settings.missing()));
  }

  private static String text(Binder binder, String name) {
    return binder.bind(PREFIX + "." + name, String.class).orElse(null);
  }
}

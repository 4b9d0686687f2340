package org.samizdat.revenue.paypal;

import java.time.Clock;
import java.time.Duration;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.revenue.RevenueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The PayPal rail in one of three states, decided at start-up and said in the log: all four
 * settings set, real PayPal; none set, the local PayPal test mode (which, like every test-mode
 * rail, is active only while no real rail is configured); some set, no PayPal at all, with the
 * missing ones named, since a half-configured rail would take money it cannot verify.
 */
@Configuration(proxyBeanMethods = false)
class PaypalConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PaypalConfiguration.class);
  static final String TESTMODE_WEBHOOK_ID = "WH-SAMIZDAT-TESTMODE";
  static final String TESTMODE_CLIENT_ID = "samizdat-testmode-client";

  PaypalConfiguration(PaypalSettings settings) {
    if (settings.isConfigured()) {
      log.info("PayPal is on, against {}.", settings.resolvedApiBase());
    } else if (settings.untouched()) {
      log.info(
          "PayPal is not configured: its local TEST MODE (a fake approval page on this site) stands in "
              + "while no real payment provider is set. Set SAMIZDAT_PAYPAL_CLIENT_ID, _CLIENT_SECRET, "
              + "_WEBHOOK_ID and _API_BASE to take real PayPal payments.");
    } else {
      log.warn(
          "PayPal is OFF: {} {} missing (all four of SAMIZDAT_PAYPAL_CLIENT_ID, _CLIENT_SECRET, "
              + "_WEBHOOK_ID and _API_BASE are needed).",
          String.join(", ", settings.missing()),
          settings.missing().size() == 1 ? "is" : "are");
    }
  }

  @Bean
  @org.springframework.core.annotation.Order(20) // after cards, before crypto
  @Conditional(Configured.class)
  PaypalProvider paypalProvider(
      PaypalSettings settings,
      RevenueSettings site,
      PlatformSettings platform,
      PaypalRepository paypal,
      Clock clock) {
    String base = settings.resolvedApiBase();
    PaypalClient client =
        new PaypalClient(
            base,
            () -> base,
            settings.clientId().trim(),
            settings.clientSecret().trim(),
            settings.connectTimeout(),
            settings.requestTimeout(),
            clock);
    return new PaypalProvider(
        PaypalProvider.ID,
        false,
        client,
        settings.webhookId().trim(),
        site,
        platform.name(),
        paypal,
        clock);
  }

  @Bean
  @org.springframework.core.annotation.Order(20) // after cards, before crypto
  @Conditional(Untouched.class)
  PaypalProvider paypalTestModeProvider(
      RevenueSettings site,
      PlatformSettings platform,
      PaypalRepository paypal,
      Clock clock,
      Environment environment) {
    PaypalClient client =
        new PaypalClient(
            "testmode",
            () -> PaypalTestModeApi.localBase(environment),
            TESTMODE_CLIENT_ID,
            "samizdat-testmode-secret",
            Duration.ofSeconds(3),
            Duration.ofSeconds(30),
            clock);
    return new PaypalProvider(
        PaypalProvider.TESTMODE_ID,
        true,
        client,
        TESTMODE_WEBHOOK_ID,
        site,
        platform.name(),
        paypal,
        clock);
  }

  private static PaypalSettings bind(Environment environment) {
    Binder binder = Binder.get(environment);
    return new PaypalSettings(
        text(binder, "client-id"),
        text(binder, "client-secret"),
        text(binder, "webhook-id"),
        text(binder, "api-base"),
        null,
        null);
  }

  private static String text(Binder binder, String name) {
    return binder.bind("samizdat.revenue.paypal." + name, String.class).orElse(null);
  }

  static final class Configured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return bind(context.getEnvironment()).isConfigured()
          ? ConditionOutcome.match("PayPal's four settings are set")
          : ConditionOutcome.noMatch("PayPal settings missing");
    }
  }

  static final class Untouched extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return bind(context.getEnvironment()).untouched()
          ? ConditionOutcome.match("no PayPal setting is set: local test mode")
          : ConditionOutcome.noMatch("some PayPal setting is set");
    }
  }
}

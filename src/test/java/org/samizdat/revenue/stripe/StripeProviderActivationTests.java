package org.samizdat.revenue.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samizdat.revenue.PaymentProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Stripe takes money only when both of its secrets are set; with nothing set the app runs without
 * it.
 */
class StripeProviderActivationTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(StripeSettings.class)
  @Import(StripeProvider.class)
  static class RevenueWithStripe {}

  final ApplicationContextRunner app =
      new ApplicationContextRunner()
          .withBean(Clock.class, Clock::systemUTC)
          .withUserConfiguration(RevenueWithStripe.class);

  @Test
  void withNothingConfiguredThereIsNoStripe() {
    app.run(
        context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(StripeProvider.class);
          assertThat(context.getBean(StripeSettings.class).webhookTolerance())
              .isEqualTo(Duration.ofMinutes(5));
        });
  }

  @Test
  void withBothSecretsStripeIsAPaymentProvider() {
    app.withPropertyValues(
            "samizdat.revenue.stripe.secret-key=sk_test_x",
            "samizdat.revenue.stripe.webhook-secret=whsec_x")
        .run(
            context -> assertThat(context.getBean(PaymentProvider.class).id()).isEqualTo("stripe"));
  }

  @Test
  void withOnlyOneSecretThereIsNoStripe() {
    app.withPropertyValues("samizdat.revenue.stripe.secret-key=sk_test_x")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StripeProvider.class));
    app.withPropertyValues("samizdat.revenue.stripe.webhook-secret=whsec_x")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StripeProvider.class));
  }

  @Test
  void secretsLeftEmptyCountAsNotSet() {
    // What secret-key=${SAMIZDAT_STRIPE_SECRET_KEY:} in application.properties gives when the
    // variable is unset.
    app.withPropertyValues(
            "samizdat.revenue.stripe.secret-key=", "samizdat.revenue.stripe.webhook-secret=  ")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StripeProvider.class));
  }

  @Test
  void environmentVariablesInBootsRelaxedFormWork() {
    app.withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                "SAMIZDAT_REVENUE_STRIPE_SECRETKEY", "sk_test_x",
                                "SAMIZDAT_REVENUE_STRIPE_WEBHOOKSECRET", "whsec_x",
                                "SAMIZDAT_REVENUE_STRIPE_WEBHOOKTOLERANCE", "2m"))))
        .run(
            context -> {
              assertThat(context).hasSingleBean(StripeProvider.class);
              assertThat(context.getBean(StripeSettings.class).webhookTolerance())
                  .isEqualTo(Duration.ofMinutes(2));
            });
  }

  @Test
  void settingsNeverPrintTheirSecrets() {
    StripeSettings settings = StripeTestSupport.settings("", null);

    assertThat(settings.toString())
        .doesNotContain(StripeTestSupport.SECRET_KEY)
        .doesNotContain(StripeTestSupport.WEBHOOK_SECRET)
        .contains("secretKey=(set)");
  }
}

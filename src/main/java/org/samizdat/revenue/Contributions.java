package org.samizdat.revenue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.revenue.CheckoutRepository.NewCheckout;
import org.springframework.stereotype.Service;

/** Starting a reader's contribution: record the checkout, then hand the reader to the provider. */
@Service
public class Contributions {

  private final PaymentProviders providers;
  private final AppealFunnelRepository funnel;
  private final CheckoutRepository checkouts;
  private final Clock clock;
  private final ZoneId zone;
  private final String newsroomName;

  Contributions(
      PaymentProviders providers,
      AppealFunnelRepository funnel,
      CheckoutRepository checkouts,
      Clock clock,
      PlatformSettings platform) {
    this.providers = providers;
    this.funnel = funnel;
    this.checkouts = checkouts;
    this.clock = clock;
    this.zone = platform.timeZone();
    this.newsroomName = platform.name();
  }

  /**
   * Opens a checkout at the provider. The provider call happens outside any database transaction,
   * so a slow provider never holds a connection.
   *
   * @param returnBase absolute base for the success and cancel addresses, e.g. https://example.org
   *     or .../ru
   */
  public CheckoutSession start(
      String providerId, Frequency frequency, Money amount, String language, String returnBase) {
    return start(providerId, frequency, amount, language, returnBase, false);
  }

  /**
   * @param anonymous give without leaving an address: one-time gifts only (a recurring gift needs
   *     an address to be changed or cancelled later)
   */
  public CheckoutSession start(
      String providerId,
      Frequency frequency,
      Money amount,
      String language,
      String returnBase,
      boolean anonymous) {
    PaymentProvider provider =
        providers
            .get(providerId)
            .orElseThrow(
                () ->
                    new InputRejected(
                        "provider", "That payment method is not available; choose another."));
    if (!provider.frequencies().contains(frequency)) {
      throw new InputRejected(
          "provider",
          provider.displayName()
              + " does not take "
              + frequency.code()
              + " gifts; choose another method.");
    }
    if (anonymous && frequency.isRecurring()) {
      throw new InputRejected(
          "anonymous",
          "Only one-time gifts can be given without an address: a monthly or annual gift needs one"
              + " so that you can change or cancel it. Choose Once, or leave your address.");
    }
    UUID id = UUID.randomUUID();
    checkouts.insert(
        new NewCheckout(id, providerId, frequency, amount, language, anonymous, reference()),
        clock.instant());
    String description =
        Messages.of(Language.fromCode(language).orElse(Language.EN))
            .t(
                "checkout.description." + frequency.name().toLowerCase(java.util.Locale.ROOT),
                newsroomName);
    CheckoutSession session;
    try {
      session =
          provider.startCheckout(
              new CheckoutRequest(
                  id,
                  frequency,
                  amount,
                  null,
                  language,
                  description,
                  returnBase + "/support/thanks?checkout=" + id,
                  returnBase + "/support/cancelled?checkout=" + id,
                  anonymous));
    } catch (RuntimeException e) {
      // The provider is down or refused: no checkout was opened, so none is kept or counted.
      checkouts.deleteStarted(id);
      throw e;
    }
    countFunnel("CHECKOUT");
    checkouts.setProviderSession(id, session.providerSessionId());
    return session;
  }

  /**
   * Demo content only: a reader's trip to a checkout as it happened at {@code at}, with no provider
   * called, so the demo's gifts pass through the funnel's steps as real ones do.
   */
  public UUID recordDemoCheckout(Frequency frequency, Money amount, Instant at) {
    UUID id = UUID.randomUUID();
    checkouts.insertDemo(id, frequency, amount, at);
    return id;
  }

  /** Demo content only: a day's count of one funnel step (SHOWN, CONTINUE). */
  public void recordDemoFunnel(String step, java.time.LocalDate day, long count) {
    funnel.add(step, day, count);
  }

  public Optional<CheckoutDetails> checkout(UUID id) {
    return checkouts.find(id);
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final char[] REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  /** A receipt reference a reader can read out: random, unrelated to anything else we keep. */
  static String reference() {
    StringBuilder b = new StringBuilder("SG-");
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        b.append('-');
      }
      b.append(REFERENCE_ALPHABET[RANDOM.nextInt(REFERENCE_ALPHABET.length)]);
    }
    return b.toString();
  }

  /**
   * Adds one to an appeal funnel step (SHOWN, CONTINUE, CHECKOUT, COMPLETED) for today: a number,
   * nothing more.
   */
  public void countFunnel(String step) {
    funnel.countOne(step, LocalDate.now(clock.withZone(zone)));
  }
}

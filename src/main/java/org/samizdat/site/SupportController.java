package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.limits.TooManyRequests;
import org.samizdat.revenue.CheckoutDetails;
import org.samizdat.revenue.CheckoutSession;
import org.samizdat.revenue.Contributions;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.MonthlyCryptoReminders;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.revenue.experiments.Experiments;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The reader's way to give: plain HTML forms that work without JavaScript. Amounts are checked here
 * against the newsroom's limits and again when the checkout starts.
 */
@Controller
class SupportController {

  static final String SUPPORT_CACHE_CONTROL =
      "public, max-age=0, s-maxage=60, stale-while-revalidate=600, stale-if-error=86400";

  private final Funding funding;
  private final Contributions contributions;
  private final PaymentProviders providers;
  private final SiteChromes chromes;
  private final PlatformSettings settings;
  private final Experiments experiments;
  private final MonthlyCryptoReminders monthlyReminders;

  SupportController(
      Funding funding,
      Contributions contributions,
      PaymentProviders providers,
      SiteChromes chromes,
      PlatformSettings settings,
      Experiments experiments,
      MonthlyCryptoReminders monthlyReminders) {
    this.experiments = experiments;
    this.monthlyReminders = monthlyReminders;
    this.funding = funding;
    this.contributions = contributions;
    this.providers = providers;
    this.chromes = chromes;
    this.settings = settings;
  }

  @GetMapping({"/support", "/ru/support"})
  String support(
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String frequency,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    // The page is about the goal's progress: browsers ask again each time (a cheap 304 while it
    // has not moved), so nobody who just gave sees an older total from their own cache.
    response.setHeader("Cache-Control", SUPPORT_CACHE_CONTROL);
    ReaderPagesController.tag(response, List.of());
    // ?currency=EUR&frequency=once: the form with that currency's amounts, where a reader without
    // JavaScript lands after choosing another currency
    String shownCurrency = null;
    String shownFrequency = null;
    try {
      shownCurrency = currency == null ? null : funding.currency(currency).getCurrencyCode();
      shownFrequency = frequency == null ? null : funding.frequency(frequency).code();
    } catch (InputRejected e) {
      // an unknown choice in the address: the form as it usually is
    }
    model.addAttribute(
        "page",
        new SupportPages.Support(
            chrome(language, "/support", "support.title"), null, shownCurrency, shownFrequency));
    return "site/support";
  }

  @GetMapping({"/support/pay", "/ru/support/pay"})
  String pay(
      @RequestParam(required = false) String frequency,
      @RequestParam(required = false) String amount,
      @RequestParam(required = false) String custom,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String problem,
      @RequestParam(required = false) String variant,
      @RequestParam(required = false) String shown,
      @RequestParam java.util.Map<String, String> params,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    response.setHeader("Cache-Control", "no-store");
    Messages m = Messages.of(language);
    try {
      Frequency f = funding.frequency(frequency);
      Currency c =
          funding.currency(
              currency == null || currency.isBlank()
                  ? funding.settings().goal().currencyCode()
                  : currency);
      boolean typedOwn = custom != null && !custom.isBlank();
      if (!typedOwn && shown != null && !shown.equalsIgnoreCase(c.getCurrencyCode())) {
        // Without JavaScript the amounts on the page were another currency's: show this one's.
        response.setStatus(303);
        response.setHeader(
            "Location",
            language.pathPrefix()
                + "/support?currency="
                + c.getCurrencyCode()
                + "&frequency="
                + f.code()
                + "#support-form");
        return null;
      }
      // Each frequency's suggestions post as amount_<frequency> (amount_<frequency>_<currency>
      // for currencies other than the goal's), so the form works without JavaScript.
      String field =
          "amount_"
              + f.code()
              + (c.equals(funding.settings().goal().currency()) ? "" : "_" + c.getCurrencyCode());
      String suggested = params.getOrDefault(field, amount);
      String typed = typedOwn ? custom : suggested;
      Money money = funding.amount(typed, c, f, language.locale());
      if (problem == null) {
        contributions.countFunnel("CONTINUE"); // not again when sent back after a failed try
      }
      Long variantId = ReaderExperimentsController.variantId(variant);
      if (variantId != null && (problem != null || experiments.continued(variantId))) {
        // the payment methods page carries it on to the checkout
        model.addAttribute("variant", variantId);
      }
      String problemText =
          problem != null && PROBLEMS.contains(problem) ? m.t("support.problem." + problem) : null;
      model.addAttribute("page", payPage(language, f, money, problemText));
      return "site/support-pay";
    } catch (InputRejected e) {
      return refused(language, e, response, model);
    }
  }

  @PostMapping({"/support/checkout", "/ru/support/checkout"})
  String checkout(
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String frequency,
      @RequestParam(required = false) String amount,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String variant,
      @RequestParam(required = false) String anonymous,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    response.setHeader("Cache-Control", "no-store");
    try {
      Frequency f = funding.frequency(frequency);
      Currency c = funding.currency(currency);
      long minor = parseMinor(amount);
      Money money =
          funding.amount(new Money(minor, c).toMajor().toPlainString(), c, f, language.locale());
      String base = chromes.settings().baseUrl() + language.pathPrefix();
      CheckoutSession session =
          contributions.start(
              provider, f, money, language.code(), base, anonymous != null && !anonymous.isBlank());
      Long variantId = ReaderExperimentsController.variantId(variant);
      if (variantId != null) {
        experiments.checkoutStarted(variantId, provider, session.providerSessionId());
      }
      response.setStatus(303);
      response.setHeader("Location", session.redirectUrl());
      return null;
    } catch (PaymentProviderUnavailable e) {
      // Nothing was taken and nothing kept: the same gift, offered through the other methods.
      response.setStatus(503);
      Frequency f = funding.frequency(frequency);
      Money money = new Money(parseMinor(amount), funding.currency(currency));
      model.addAttribute(
          "page",
          payPage(language, f, money, Messages.of(language).t("support.problem.unavailable")));
      return "site/support-pay";
    } catch (InputRejected e) {
      return refused(language, e, response, model);
    }
  }

  /**
   * Monthly through a rail without automatic debit (crypto): this month's gift as a one-time
   * checkout, and, if the reader left an address, one e-mail a month with a link to a fresh
   * invoice. The reminder is kept only once the checkout has started: a provider that is down
   * leaves nothing.
   */
  @PostMapping({"/support/checkout/monthly-by-email", "/ru/support/checkout/monthly-by-email"})
  String monthlyByEmail(
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String amount,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String email,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Messages m = Messages.of(language);
    response.setHeader("Cache-Control", "no-store");
    Money money;
    try {
      Currency c = funding.currency(currency);
      money =
          funding.amount(
              new Money(parseMinor(amount), c).toMajor().toPlainString(),
              c,
              Frequency.MONTHLY,
              language.locale());
    } catch (InputRejected e) {
      return refused(language, e, response, model);
    }
    boolean remind = email != null && !email.isBlank();
    PaymentProvider rail =
        providers.active().stream().filter(p -> p.id().equals(provider)).findFirst().orElse(null);
    String problem = null;
    if (rail == null || !monthlyByEmail(rail, Frequency.MONTHLY)) {
      problem = m.t("monthlyCrypto.rail.invalid");
    } else if (remind) {
      try {
        MonthlyCryptoReminders.checkAddress(email);
      } catch (InputRejected e) {
        problem = m.t("monthlyCrypto.email.invalid");
      }
    }
    if (problem != null) {
      response.setStatus(400);
      model.addAttribute("page", payPage(language, Frequency.MONTHLY, money, problem));
      return "site/support-pay";
    }
    CheckoutSession session;
    try {
      String base = chromes.settings().baseUrl() + language.pathPrefix();
      session = contributions.start(provider, Frequency.ONCE, money, language.code(), base, false);
    } catch (PaymentProviderUnavailable e) {
      response.setStatus(503);
      model.addAttribute(
          "page", payPage(language, Frequency.MONTHLY, money, m.t("support.problem.unavailable")));
      return "site/support-pay";
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute(
          "page",
          payPage(language, Frequency.MONTHLY, money, String.join(" ", e.problems().values())));
      return "site/support-pay";
    }
    if (remind) {
      try {
        monthlyReminders.create(email, provider, money, language);
      } catch (TooManyRequests e) {
        // the gift matters more than the reminder: the reader goes on to pay
      }
    }
    response.setStatus(303);
    response.setHeader("Location", session.redirectUrl());
    return null;
  }

  /** A gift the support page cannot take as asked: the page says why (400). */
  private String refused(
      Language language, InputRejected e, HttpServletResponse response, Model model) {
    response.setStatus(400);
    model.addAttribute(
        "page",
        new SupportPages.Support(
            chrome(language, "/support", "support.error.title"),
            String.join(" ", e.problems().values())));
    return "site/support";
  }

  /** A rail without automatic debit takes a monthly gift one month at a time, by e-mail. */
  static boolean monthlyByEmail(PaymentProvider p, Frequency f) {
    return f == Frequency.MONTHLY
        && !p.frequencies().contains(Frequency.MONTHLY)
        && p.frequencies().contains(Frequency.ONCE);
  }

  @GetMapping({"/support/thanks", "/ru/support/thanks"})
  String thanks(
      @RequestParam(required = false) String checkout,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Messages m = Messages.of(language);
    response.setHeader("Cache-Control", "no-store");
    CheckoutDetails details = checkoutOf(checkout);
    String amount =
        details == null
            ? null
            : m.t(
                "support.thanks.amount",
                details.amount().format(language.locale())
                    + " "
                    + m.t("support.pay.per." + details.frequency().code()));
    boolean confirmed = details != null && "COMPLETED".equals(details.status());
    if (details != null && details.frequency() == Frequency.ONCE) {
      monthlyOffer(details, language).ifPresent(offer -> model.addAttribute("offer", offer));
    }
    boolean closed = details != null && "CLOSED".equals(details.status());
    // Gifts that leave no address (chosen, or a rail that asks none) get their receipt on screen.
    boolean noAddress =
        details != null
            && (details.anonymous()
                || !providers
                    .get(details.provider())
                    .map(PaymentProvider::asksForAddress)
                    .orElse(true));
    SupportPages.Receipt receipt =
        confirmed && noAddress && details.reference() != null
            ? new SupportPages.Receipt(
                details.amount().format(language.locale()),
                ReaderDates.format(
                    details.completedAt() == null ? java.time.Instant.now() : details.completedAt(),
                    language,
                    settings.timeZone()),
                details.reference())
            : null;
    String body =
        closed
            ? m.t("support.thanks.closed")
            : noAddress
                ? m.t(confirmed ? "support.thanks.noAddress" : "support.thanks.pendingNoAddress")
                : m.t(confirmed ? "support.thanks.body" : "support.thanks.pending");
    // Only a real checkout makes this browser remember that it gave (site.js reads the "thanks"
    // class).
    model.addAttribute(
        "page",
        new SupportPages.Outcome(
            chrome(language, "/support/thanks", "support.thanks.title"),
            m.t(closed ? "support.cancelled.title" : "support.thanks.title"),
            body,
            amount,
            details != null && !closed,
            receipt));
    return "site/support-outcome";
  }

  @GetMapping({"/support/cancelled", "/ru/support/cancelled"})
  String cancelled(
      @RequestParam(required = false) String checkout,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Messages m = Messages.of(language);
    response.setHeader("Cache-Control", "no-store");
    CheckoutDetails details = checkoutOf(checkout);
    // "Try again" leads back to the choice of payment method, with the same gift
    String retry =
        details == null
            ? null
            : SiteLinks.edition(language, "/support/pay")
                + "?frequency="
                + details.frequency().code()
                + "&amount="
                + details.amount().toMajor().toPlainString()
                + "&currency="
                + details.amount().currencyCode();
    model.addAttribute(
        "page",
        new SupportPages.Outcome(
            chrome(language, "/support/cancelled", "support.cancelled.title"),
            m.t("support.cancelled.title"),
            m.t("support.cancelled.body"),
            null,
            false,
            null,
            retry));
    return "site/support-outcome";
  }

  /** Aggregate count of appeals shown, sent by the page's script with no identifier of any kind. */
  @PostMapping("/support/funnel")
  @ResponseBody
  ResponseEntity<Void> funnel(@RequestBody(required = false) String step) {
    if (step != null && step.trim().equals("shown")) {
      contributions.countFunnel("SHOWN");
    }
    return ResponseEntity.noContent().build();
  }

  /** Problems another page may send the reader back here with (see ?problem=). */
  static final java.util.Set<String> PROBLEMS = java.util.Set.of("unavailable", "declined");

  private SupportPages.Pay payPage(Language language, Frequency f, Money money, String problem) {
    Messages m = Messages.of(language);
    List<SupportPages.Method> methods = new ArrayList<>();
    for (PaymentProvider p : providers.active()) {
      methods.add(
          new SupportPages.Method(
              p.id(),
              SupportBlocks.providerName(m, p),
              p.frequencies().contains(f),
              monthlyByEmail(p, f),
              // "one-time, monthly and annual": plain words, joined as the language joins them
              com.ibm.icu.text.ListFormatter.getInstance(
                      com.ibm.icu.util.ULocale.forLanguageTag(language.code()))
                  .format(
                      p.frequencies().stream()
                          .sorted()
                          .map(x -> m.t("support.takes." + x.code()))
                          .toList())));
    }
    String summary =
        m.t(
            "support.pay.summary",
            money.format(language.locale()) + " " + m.t("support.pay.per." + f.code()));
    return new SupportPages.Pay(
        chrome(language, "/support/pay", "support.pay.title"),
        summary,
        f.code(),
        money.minor(),
        money.currencyCode(),
        methods,
        problem);
  }

  private java.util.Optional<SupportPages.MonthlyOffer> monthlyOffer(
      CheckoutDetails details, Language language) {
    Currency currency = details.amount().currency();
    return funding
        .rule(currency, Frequency.MONTHLY)
        .map(
            rule -> {
              Money amount = rule.suggested().isEmpty() ? rule.min() : rule.suggested().get(0);
              boolean direct =
                  providers
                      .get(details.provider())
                      .map(p -> p.frequencies().contains(Frequency.MONTHLY))
                      .orElse(false);
              return new SupportPages.MonthlyOffer(
                  details.provider(),
                  amount.minor(),
                  amount.toMajor().stripTrailingZeros().toPlainString(),
                  currency.getCurrencyCode(),
                  amount.format(language.locale()),
                  direct);
            });
  }

  private CheckoutDetails checkoutOf(String id) {
    if (id == null) {
      return null;
    }
    try {
      return contributions.checkout(UUID.fromString(id)).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long parseMinor(String amount) {
    if (amount == null || !amount.matches("\\d{1,12}")) {
      throw new InputRejected(
          "amount",
          "The amount is missing or not a whole number of cents; go back and choose it again.");
    }
    return Long.parseLong(amount);
  }

  private SiteChrome chrome(Language language, String path, String titleKey) {
    Messages m = Messages.of(language);
    String title = m.t(titleKey, settings.name()) + " · " + settings.name();
    return chromes.forEditionPage(
        language, path, Meta.page(title, m.t("support.intro")), "support");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}

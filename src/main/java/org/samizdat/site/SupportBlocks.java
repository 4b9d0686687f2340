package org.samizdat.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.samizdat.platform.Money;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.web.QrSvg;
import org.samizdat.publishing.MarkdownRenderer;
import org.samizdat.revenue.AmountRule;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.FundingProgress;
import org.samizdat.revenue.FundingSettings;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.revenue.experiments.Experiments;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Builds the banner and appeal for each edition, kept for a few seconds so pages stay fast. */
@Component
public class SupportBlocks {

  private static final Duration TTL = Duration.ofSeconds(20);

  private final Funding funding;
  private final Experiments experiments;
  private final PaymentProviders providers;
  private final MarkdownRenderer markdown;
  private final Clock clock;
  private final org.samizdat.revenue.GivingDetails giving;
  private final org.samizdat.platform.cache.ClusterInvalidation invalidation;
  private final Map<Language, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(SupportBlock block, Instant until, AtomicBoolean rebuilding) {
    Cached(SupportBlock block, Instant until) {
      this(block, until, new AtomicBoolean());
    }
  }

  SupportBlocks(
      Funding funding,
      Experiments experiments,
      PaymentProviders providers,
      MarkdownRenderer markdown,
      Clock clock,
      org.samizdat.platform.cache.ClusterInvalidation invalidation,
      org.samizdat.platform.cache.PageCache pages,
      org.samizdat.revenue.GivingDetails giving) {
    this.invalidation = invalidation;
    this.giving = giving;
    // pages showing the banner are dropped (here, or on another node through the database): the
    // blocks they were built from go with them, so the next page shows the new progress
    pages.onEvict(
        keys -> {
          if (keys.contains(SurrogateKeys.SUPPORT) || keys.contains("*")) {
            evict();
          }
        });
    this.funding = funding;
    this.experiments = experiments;
    this.providers = providers;
    this.markdown = markdown;
    this.clock = clock;
  }

  public SupportBlock forEdition(Language language) {
    Cached cached = cache.get(language);
    if (cached == null) {
      // nothing to show yet (start-up, or the settings just changed): one request builds it while
      // the others of that moment wait for its result, instead of every concurrent reader summing
      // the month's ledger at once
      cached =
          cache.computeIfAbsent(language, key -> new Cached(build(key), clock.instant().plus(TTL)));
    } else if (clock.instant().isAfter(cached.until())
        && cached.rebuilding().compareAndSet(false, true)) {
      // past its time: this request rebuilds it, the others show the one they have meanwhile.
      // Everyone waiting for the rebuild held up every page each 20 s under load (63 requests
      // waited up to a second at once in a thread dump).
      try {
        Cached fresh = new Cached(build(language), clock.instant().plus(TTL));
        // not put back if the settings changed meanwhile (evicted): it may be built from before
        return cache.replace(language, cached, fresh) ? fresh.block() : forEdition(language);
      } finally {
        cached.rebuilding().set(false);
      }
    }
    return cached.block();
  }

  /** Forget cached copies, after editors change the settings. */
  public void evict() {
    cache.clear();
  }

  /**
   * Editors changed the goal or the copy: drop every stored page (all show the banner), then
   * rebuild the blocks.
   */
  @org.springframework.transaction.event.TransactionalEventListener(
      phase = org.springframework.transaction.event.TransactionPhase.BEFORE_COMMIT)
  void on(org.samizdat.revenue.FundingSettingsChanged event) {
    invalidation.evictOnCommit(java.util.List.of(SurrogateKeys.SUPPORT));
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            evict();
          }
        });
  }

  private SupportBlock build(Language language) {
    FundingSettings s = funding.settings();
    FundingProgress progress = funding.progress();
    Locale locale = language.locale();
    Messages m = Messages.of(language);
    Currency currency = s.goal().currency();
    Money monthlyMinimum =
        funding.rule(currency, Frequency.MONTHLY).map(AmountRule::min).orElse(null);
    // Every accepted currency's amounts and minimums are in the page; the reader's choice of
    // currency shows its own (with a script at once, without one after Continue).
    List<SupportBlock.CurrencyOption> byCurrency = new ArrayList<>();
    List<SupportBlock.FrequencyOption> options = List.of();
    List<Currency> goalFirst = new ArrayList<>(funding.currencies());
    goalFirst.sort(java.util.Comparator.comparing((Currency c) -> !c.equals(currency)));
    for (Currency c : goalFirst) {
      List<SupportBlock.FrequencyOption> forCurrency = frequencyOptions(c, s, locale, m);
      byCurrency.add(
          new SupportBlock.CurrencyOption(
              c.getCurrencyCode(), c.getSymbol(locale), c.equals(currency), forCurrency));
      if (c.equals(currency)) {
        options = forCurrency;
      }
    }
    String since = DateTimeFormatter.ofPattern("MMMM yyyy", locale).format(s.adsDisabledSince());
    String minimum = monthlyMinimum == null ? "" : monthlyMinimum.format(locale);
    String banner = fill(s.banner(language.code()), since, s.goal().format(locale), minimum);
    String appeal = fill(s.appeal(language.code()), since, s.goal().format(locale), minimum);
    // words adopted from an experiment's variant stand in for the bundles'
    var appealWording = experiments.wording("appeal", language);
    return new SupportBlock(
        markdown.toSafeHtml(banner),
        markdown.toSafeHtml(appeal),
        progress.raised().format(locale),
        progress.goal().format(locale),
        progress.percent(),
        providers.testMode(),
        s.defaultFrequency().code(),
        options,
        currency.getCurrencyCode(),
        funding.currencies().stream().map(Currency::getCurrencyCode).toList(),
        markdown.toSafeHtml(s.otherWays(language.code())),
        s.bannerDismissDays(),
        s.remindLaterDays(),
        s.appealCapViews(),
        s.appealCapDays(),
        s.thanksDays(),
        providers.active().stream().map(p -> providerName(m, p)).toList(),
        experimentControls(),
        byCurrency,
        giving.bankAccounts(),
        giving.cryptoAddresses().stream()
            .map(
                a ->
                    new SupportBlock.CryptoOption(a.currency(), a.address(), QrSvg.of(a.address())))
            .toList(),
        appealWording.heading(),
        appealWording.button(),
        experiments.wording("banner", language).button());
  }

  /**
   * A variant's copy as readers get it: the same placeholders as the newsroom's copy, Markdown
   * turned into sanitised HTML.
   */
  public String renderCopy(Language language, String copy) {
    FundingSettings s = funding.settings();
    Locale locale = language.locale();
    Money minimum =
        funding.rule(s.goal().currency(), Frequency.MONTHLY).map(AmountRule::min).orElse(null);
    String since = DateTimeFormatter.ofPattern("MMMM yyyy", locale).format(s.adsDisabledSince());
    return markdown.toSafeHtml(
        fill(copy, since, s.goal().format(locale), minimum == null ? "" : minimum.format(locale)));
  }

  private java.util.Map<String, Long> experimentControls() {
    java.util.Map<String, Long> controls = new java.util.HashMap<>();
    experiments
        .running()
        .forEach((placement, e) -> controls.put(placement.code(), e.control().id()));
    return java.util.Map.copyOf(controls);
  }

  /** A provider's name in the edition's language, where the bundle has one. */
  public static String providerName(Messages m, PaymentProvider provider) {
    String key = "support.provider." + provider.id();
    String translated = m.t(key);
    return translated.equals(key) ? provider.displayName() : translated;
  }

  private List<SupportBlock.FrequencyOption> frequencyOptions(
      Currency currency, FundingSettings s, Locale locale, Messages m) {
    List<SupportBlock.FrequencyOption> options = new ArrayList<>();
    for (Frequency f : Frequency.values()) {
      AmountRule rule = funding.rule(currency, f).orElse(null);
      if (rule == null) {
        continue;
      }
      List<SupportBlock.AmountOption> amounts = new ArrayList<>();
      List<Money> suggested = rule.suggested();
      for (int i = 0; i < suggested.size(); i++) {
        Money a = suggested.get(i);
        amounts.add(
            new SupportBlock.AmountOption(
                a.toMajor().stripTrailingZeros().toPlainString(),
                a.format(locale),
                i == Math.min(1, suggested.size() - 1)));
      }
      options.add(
          new SupportBlock.FrequencyOption(
              f.code(),
              m.t("support.frequency." + f.code()),
              amounts,
              m.t("support.minimum", rule.min().format(locale)),
              f == s.defaultFrequency()));
    }
    return options;
  }

  private static String fill(String copy, String since, String goal, String minimum) {
    return copy.replace("{since}", since).replace("{goal}", goal).replace("{minimum}", minimum);
  }
}

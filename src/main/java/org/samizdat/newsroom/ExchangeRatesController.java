package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.revenue.ExchangeRates;
import org.samizdat.revenue.Funding;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Editors keep the rates that count gifts in other currencies toward the goal. */
@Controller
class ExchangeRatesController {

  private final ExchangeRates rates;
  private final Funding funding;
  private final Clock clock;
  private final ZoneId zone;

  ExchangeRatesController(
      ExchangeRates rates, Funding funding, Clock clock, PlatformSettings platform) {
    this.rates = rates;
    this.funding = funding;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  @GetMapping("/newsroom/revenue/rates")
  String show(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    List<String> needed = needed();
    String today = LocalDate.now(clock.withZone(zone)).toString();
    model.addAttribute("page", page(needed.isEmpty() ? "" : needed.get(0), "", today, Map.of()));
    return "newsroom/revenue-rates";
  }

  @PostMapping("/newsroom/revenue/rates")
  String save(
      @RequestParam(defaultValue = "") String currency,
      @RequestParam(defaultValue = "") String rate,
      @RequestParam(defaultValue = "") String asOf,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    ExchangeRates.Rate saved;
    try {
      saved = rates.save(currency, funding.settings().goal().currencyCode(), rate, asOf);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(currency, rate, asOf, e.problems()));
      return "newsroom/revenue-rates";
    }
    redirect.addFlashAttribute(
        "flash",
        "Rate saved: "
            + saved.describe()
            + " as of "
            + saved.asOf()
            + ". The goal's progress counts with it from now on.");
    return "redirect:/newsroom/revenue/rates";
  }

  private ExchangeRatesPage page(
      String currency, String rate, String asOf, Map<String, String> errors) {
    Currency goal = funding.settings().goal().currency();
    var latest = rates.latest(goal);
    List<String> missing =
        ExchangeRates.needed(funding.currencies(), goal).stream()
            .filter(c -> !latest.containsKey(c))
            .map(Currency::getCurrencyCode)
            .toList();
    return new ExchangeRatesPage(
        goal.getCurrencyCode(),
        rates.into(goal),
        missing,
        needed(),
        currency,
        rate,
        asOf,
        LocalDate.now(clock.withZone(zone)).toString(),
        errors);
  }

  private List<String> needed() {
    return ExchangeRates.needed(funding.currencies(), funding.settings().goal().currency()).stream()
        .map(Currency::getCurrencyCode)
        .toList();
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (me == null || !me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins see the newsroom's revenue.");
    }
  }
}

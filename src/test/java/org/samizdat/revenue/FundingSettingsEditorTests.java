package org.samizdat.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.revenue.FundingSettingsEditor.Form;
import org.samizdat.revenue.FundingSettingsEditor.RuleForm;

class FundingSettingsEditorTests {

  static final Currency USD = Currency.getInstance("USD");
  static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

  FundingSettingsRepository repository = mock(FundingSettingsRepository.class);
  List<Object> events = new ArrayList<>();
  FundingSettingsEditor editor =
      new FundingSettingsEditor(
          repository,
          events::add,
          Clock.fixed(NOW, ZoneId.of("UTC")),
          new PlatformSettings(
              "Courier",
              "./data",
              ZoneId.of("UTC"),
              new PlatformSettings.Database(null, null, null, 20, true)));

  @BeforeEach
  void setUp() {
    when(repository.load())
        .thenReturn(
            new FundingSettings(
                Money.of(1000000, "USD"),
                LocalDate.of(2022, 3, 1),
                "Since {since}, {goal}",
                "С {since}, {goal}",
                "From {minimum}",
                "От {minimum}",
                "Bank",
                "Банк",
                Frequency.MONTHLY,
                14,
                7,
                3,
                7,
                90));
    when(repository.rules())
        .thenReturn(
            List.of(
                new AmountRule(USD, Frequency.MONTHLY, 200, 100000, List.of(200L, 500L, 1000L)),
                new AmountRule(USD, Frequency.ONCE, 500, 1000000, List.of(1000L, 2550L))));
  }

  Form with(UnaryOperator<Form> change) {
    return change.apply(editor.current());
  }

  static Form goal(Form f, String goal, String currency) {
    return with(f, goal, currency, f.rules());
  }

  static Form rules(Form f, List<RuleForm> rules) {
    return with(f, f.goal(), f.goalCurrency(), rules);
  }

  /** The same form with another goal and rules. */
  private static Form with(Form f, String goal, String currency, List<RuleForm> rules) {
    return new Form(
        goal,
        currency,
        f.adsDisabledSince(),
        f.bannerEn(),
        f.bannerRu(),
        f.appealEn(),
        f.appealRu(),
        f.otherWaysEn(),
        f.otherWaysRu(),
        f.defaultFrequency(),
        f.bannerDismissDays(),
        f.remindLaterDays(),
        f.appealCapViews(),
        f.appealCapDays(),
        f.thanksDays(),
        rules);
  }

  @Test
  void theCurrentSettingsReadAsTheFormShowsThem() {
    Form f = editor.current();
    assertThat(f.goal()).isEqualTo("10000");
    assertThat(f.rules())
        .extracting(RuleForm::key)
        .containsExactly("rule.USD.MONTHLY", "rule.USD.ONCE");
    assertThat(f.rules().get(0).min()).isEqualTo("2");
    assertThat(f.rules().get(1).suggested()).isEqualTo("10, 25.50");
  }

  @Test
  void unchangedSettingsSaveAndAreAnnounced() {
    editor.save(editor.current());
    ArgumentCaptor<FundingSettings> saved = ArgumentCaptor.forClass(FundingSettings.class);
    verify(repository).save(saved.capture(), any());
    assertThat(saved.getValue()).isEqualTo(repository.load());
    verify(repository)
        .saveRule(new AmountRule(USD, Frequency.ONCE, 500, 1000000, List.of(1000L, 2550L)));
    assertThat(events).containsExactly(new FundingSettingsChanged(NOW));
  }

  @Test
  void aNewRuleCanBeAddedAndCarryTheGoal() {
    List<RuleForm> rules = new ArrayList<>(editor.current().rules());
    rules.add(new RuleForm("newRule", "gbp", "monthly", "1.50", "500", "1.50, 3,, 10 "));
    editor.save(goal(rules(editor.current(), rules), "8000", "GBP"));
    verify(repository)
        .saveRule(
            new AmountRule(
                Currency.getInstance("GBP"),
                Frequency.MONTHLY,
                150,
                50000,
                List.of(150L, 300L, 1000L)));
    ArgumentCaptor<FundingSettings> saved = ArgumentCaptor.forClass(FundingSettings.class);
    verify(repository).save(saved.capture(), any());
    assertThat(saved.getValue().goal()).isEqualTo(Money.of(800000, "GBP"));
  }

  @Test
  void anEmptyNewRuleRowIsIgnored() {
    List<RuleForm> rules = new ArrayList<>(editor.current().rules());
    rules.add(new RuleForm("newRule", "", "ONCE", "", " ", ""));
    editor.save(rules(editor.current(), rules));
    verify(repository, org.mockito.Mockito.times(2)).saveRule(any());
  }

  @Test
  void everyBadFieldIsNamedAndNothingIsSavedOrAnnounced() {
    Form good = editor.current();
    List<RuleForm> rules =
        List.of(
            new RuleForm("rule.USD.MONTHLY", "USD", "MONTHLY", "5", "2", "3"),
            new RuleForm("rule.USD.ONCE", "USD", "ONCE", "5", "100", "5, 6, 7, 8, 9, 10, 11"),
            new RuleForm("newRule", "USD", "MONTHLY", "2", "10", "2"));
    Form bad =
        new Form(
            "12.345",
            "USD",
            "next week",
            "  ",
            good.bannerRu(),
            "Give {amount}",
            good.appealRu(),
            "Bank {goal}",
            good.otherWaysRu(),
            "weekly",
            "0",
            "366",
            "1001",
            "x",
            "731",
            rules);
    assertThatThrownBy(() -> editor.save(bad))
        .isInstanceOfSatisfying(
            InputRejected.class,
            e ->
                assertThat(e.problems())
                    .containsOnlyKeys(
                        "goal",
                        "adsDisabledSince",
                        "bannerEn",
                        "appealEn",
                        "otherWaysEn",
                        "defaultFrequency",
                        "bannerDismissDays",
                        "remindLaterDays",
                        "appealCapViews",
                        "appealCapDays",
                        "thanksDays",
                        "rule.USD.MONTHLY.max",
                        "rule.USD.MONTHLY.suggested",
                        "rule.USD.ONCE.suggested",
                        "newRule.currency"));
    verify(repository, never()).save(any(), any());
    verify(repository, never()).saveRule(any());
    assertThat(events).isEmpty();
  }

  @Test
  void theGoalMustBeInACurrencyWithRulesAndTheDateNotInTheFuture() {
    assertThatThrownBy(() -> editor.save(goal(editor.current(), "100", "EUR")))
        .isInstanceOfSatisfying(
            InputRejected.class, e -> assertThat(e.problems().get("goalCurrency")).contains("USD"));
    Form future = editor.current();
    Form f =
        new Form(
            future.goal(),
            future.goalCurrency(),
            "2026-03-16",
            future.bannerEn(),
            future.bannerRu(),
            future.appealEn(),
            future.appealRu(),
            future.otherWaysEn(),
            future.otherWaysRu(),
            future.defaultFrequency(),
            future.bannerDismissDays(),
            future.remindLaterDays(),
            future.appealCapViews(),
            future.appealCapDays(),
            future.thanksDays(),
            future.rules());
    assertThatThrownBy(() -> editor.save(f))
        .isInstanceOfSatisfying(
            InputRejected.class,
            e -> assertThat(e.problems()).containsOnlyKeys("adsDisabledSince"));
  }
}

package org.samizdat.revenue;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import org.samizdat.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FundingSettingsRepository {

  private final JdbcClient jdbc;

  FundingSettingsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  FundingSettings load() {
    return jdbc.sql(
            """
            SELECT goal_minor, goal_currency, ads_disabled_since, banner_en, banner_ru, appeal_en, appeal_ru,
                   other_ways_en, other_ways_ru, default_frequency, banner_dismiss_days, remind_later_days,
                   appeal_cap_views, appeal_cap_days, thanks_days
            FROM funding_settings WHERE id = 1
            """)
        .query(
            (rs, n) ->
                new FundingSettings(
                    Money.of(rs.getLong("goal_minor"), rs.getString("goal_currency")),
                    rs.getDate("ads_disabled_since").toLocalDate(),
                    rs.getString("banner_en"),
                    rs.getString("banner_ru"),
                    rs.getString("appeal_en"),
                    rs.getString("appeal_ru"),
                    rs.getString("other_ways_en"),
                    rs.getString("other_ways_ru"),
                    Frequency.valueOf(rs.getString("default_frequency")),
                    rs.getInt("banner_dismiss_days"),
                    rs.getInt("remind_later_days"),
                    rs.getInt("appeal_cap_views"),
                    rs.getInt("appeal_cap_days"),
                    rs.getInt("thanks_days")))
        .single();
  }

  void save(FundingSettings s, Instant now) {
    jdbc.sql(
            """
            UPDATE funding_settings SET goal_minor = :goal, goal_currency = :currency, ads_disabled_since = :since,
                   banner_en = :bannerEn, banner_ru = :bannerRu, appeal_en = :appealEn, appeal_ru = :appealRu,
                   other_ways_en = :otherEn, other_ways_ru = :otherRu, default_frequency = :frequency,
                   banner_dismiss_days = :dismiss, remind_later_days = :remind, appeal_cap_views = :capViews,
                   appeal_cap_days = :capDays, thanks_days = :thanks, updated_at = :now
            WHERE id = 1
            """)
        .param("goal", s.goal().minor())
        .param("currency", s.goal().currencyCode())
        .param("since", Date.valueOf(s.adsDisabledSince()))
        .param("bannerEn", s.bannerEn())
        .param("bannerRu", s.bannerRu())
        .param("appealEn", s.appealEn())
        .param("appealRu", s.appealRu())
        .param("otherEn", s.otherWaysEn())
        .param("otherRu", s.otherWaysRu())
        .param("frequency", s.defaultFrequency().name())
        .param("dismiss", s.bannerDismissDays())
        .param("remind", s.remindLaterDays())
        .param("capViews", s.appealCapViews())
        .param("capDays", s.appealCapDays())
        .param("thanks", s.thanksDays())
        .param("now", Timestamp.from(now))
        .update();
  }

  List<AmountRule> rules() {
    return jdbc.sql(
            "SELECT currency, frequency, min_minor, max_minor, suggested FROM amount_rule ORDER BY currency, frequency")
        .query(FundingSettingsRepository::rule)
        .list();
  }

  void saveRule(AmountRule rule) {
    jdbc.sql(
            """
            INSERT INTO amount_rule (currency, frequency, min_minor, max_minor, suggested)
            VALUES (:currency, :frequency, :min, :max, :suggested)
            ON CONFLICT (currency, frequency) DO UPDATE
              SET min_minor = EXCLUDED.min_minor, max_minor = EXCLUDED.max_minor, suggested = EXCLUDED.suggested
            """)
        .param("currency", rule.currency().getCurrencyCode())
        .param("frequency", rule.frequency().name())
        .param("min", rule.minMinor())
        .param("max", rule.maxMinor())
        .param("suggested", rule.suggestedMinor().toArray(Long[]::new))
        .update();
  }

  private static AmountRule rule(ResultSet rs, int n) throws SQLException {
    Array suggested = rs.getArray("suggested");
    return new AmountRule(
        Currency.getInstance(rs.getString("currency")),
        Frequency.valueOf(rs.getString("frequency")),
        rs.getLong("min_minor"),
        rs.getLong("max_minor"),
        List.copyOf(Arrays.asList((Long[]) suggested.getArray())));
  }
}

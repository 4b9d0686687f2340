package org.samizdat.revenue.experiments;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.revenue.experiments.Experiment.AllocationMode;
import org.samizdat.revenue.experiments.Experiment.Status;
import org.samizdat.revenue.experiments.Experiment.Variant;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The experiment tables: definitions, per-day counts, and which checkout came from which variant.
 */
@Repository
class ExperimentRepository {

  private final JdbcClient jdbc;

  ExperimentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(NewExperiment e, Instant now) {
    long id =
        jdbc.sql(
                """
                INSERT INTO experiment (name, placement, allocation, floor_percent, status, created_at)
                VALUES (:name, :placement, :allocation, :floor, 'DRAFT', :now) RETURNING id
                """)
            .param("name", e.name())
            .param("placement", e.placement().name())
            .param("allocation", e.allocation().name())
            .param("floor", e.floorPercent())
            .param("now", Timestamp.from(now))
            .query(Long.class)
            .single();
    int total = e.variants().stream().mapToInt(Variant::splitPercent).sum();
    for (int i = 0; i < e.variants().size(); i++) {
      Variant v = e.variants().get(i);
      jdbc.sql(
              """
              INSERT INTO experiment_variant (experiment_id, position, name, heading_en, heading_ru,
                copy_en, copy_ru, button_en, button_ru, default_frequency, suggested, preselected,
                split_percent, weight)
              VALUES (:experiment, :position, :name, :headingEn, :headingRu, :copyEn, :copyRu,
                :buttonEn, :buttonRu, :frequency, :suggested, :preselected, :split, :weight)
              """)
          .param("experiment", id)
          .param("position", i)
          .param("name", v.name())
          .param("headingEn", v.headingEn())
          .param("headingRu", v.headingRu())
          .param("copyEn", v.copyEn())
          .param("copyRu", v.copyRu())
          .param("buttonEn", v.buttonEn())
          .param("buttonRu", v.buttonRu())
          .param("frequency", v.defaultFrequency())
          .param("suggested", v.suggested() == null ? null : v.suggested().toArray(Long[]::new))
          .param("preselected", v.preselected())
          .param("split", v.splitPercent())
          .param(
              "weight", total == 0 ? 1.0 / e.variants().size() : (double) v.splitPercent() / total)
          .update();
    }
    return id;
  }

  List<Experiment> all() {
    return load("ORDER BY e.id DESC", Map.of());
  }

  Optional<Experiment> find(long id) {
    return load("WHERE e.id = :id", Map.of("id", id)).stream().findFirst();
  }

  List<Experiment> live() {
    return load("WHERE e.status IN ('RUNNING', 'PAUSED') ORDER BY e.id", Map.of());
  }

  private List<Experiment> load(String where, Map<String, Object> params) {
    var spec =
        jdbc.sql(
            """
            SELECT e.id, e.name, e.placement, e.allocation, e.floor_percent, e.status, e.created_at,
                   e.started_at, e.stopped_at, e.weighed_at,
                   v.id AS vid, v.position, v.name AS vname, v.heading_en, v.heading_ru, v.copy_en,
                   v.copy_ru, v.button_en, v.button_ru, v.default_frequency, v.suggested,
                   v.preselected, v.split_percent, v.weight
            FROM experiment e JOIN experiment_variant v ON v.experiment_id = e.id
            """
                + where
                + (where.contains("ORDER BY") ? ", v.position" : " ORDER BY e.id, v.position"));
    for (var p : params.entrySet()) {
      spec = spec.param(p.getKey(), p.getValue());
    }
    Map<Long, Experiment> byId = new LinkedHashMap<>();
    Map<Long, List<Variant>> variants = new LinkedHashMap<>();
    spec.query(
        (RowCallbackHandler)
            rs -> {
              long id = rs.getLong("id");
              List<Variant> list = variants.computeIfAbsent(id, k -> new ArrayList<>());
              byId.computeIfAbsent(
                  id,
                  k -> {
                    try {
                      return new Experiment(
                          id,
                          rs.getString("name"),
                          Placement.valueOf(rs.getString("placement")),
                          AllocationMode.valueOf(rs.getString("allocation")),
                          rs.getInt("floor_percent"),
                          Status.valueOf(rs.getString("status")),
                          instant(rs, "created_at"),
                          instant(rs, "started_at"),
                          instant(rs, "stopped_at"),
                          instant(rs, "weighed_at"),
                          list);
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
              list.add(variant(rs));
            });
    return new ArrayList<>(byId.values());
  }

  boolean setStatus(long id, Status from, Status to, Instant now) {
    return jdbc.sql(
                """
                UPDATE experiment SET status = :to,
                  started_at = CASE WHEN :to = 'RUNNING' THEN coalesce(started_at, :now) ELSE started_at END,
                  stopped_at = CASE WHEN :to = 'STOPPED' THEN :now ELSE stopped_at END
                WHERE id = :id AND status = :from
                """)
            .param("id", id)
            .param("from", from.name())
            .param("to", to.name())
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  void delete(long id) {
    jdbc.sql("DELETE FROM experiment WHERE id = :id AND status = 'DRAFT'").param("id", id).update();
  }

  /** One node at a time recomputes shares: a lock held until the transaction ends. */
  boolean tryWeighingLock() {
    return Boolean.TRUE.equals(
        jdbc.sql("SELECT pg_try_advisory_xact_lock(7362001)").query(Boolean.class).single());
  }

  void saveWeights(long experimentId, List<Variant> variants, double[] weights, Instant now) {
    for (int i = 0; i < variants.size(); i++) {
      jdbc.sql("UPDATE experiment_variant SET weight = :w WHERE id = :id")
          .param("w", weights[i])
          .param("id", variants.get(i).id())
          .update();
    }
    jdbc.sql("UPDATE experiment SET weighed_at = :now WHERE id = :id")
        .param("now", Timestamp.from(now))
        .param("id", experimentId)
        .update();
  }

  /** Adds one to a step of a live variant; false when the variant is not part of a live test. */
  boolean count(long variantId, String step, LocalDate day) {
    return jdbc.sql(
                """
                INSERT INTO experiment_count (variant_id, day, step, count)
                SELECT v.id, :day, :step, 1 FROM experiment_variant v
                JOIN experiment e ON e.id = v.experiment_id AND e.status = 'RUNNING'
                WHERE v.id = :variant
                ON CONFLICT (variant_id, day, step) DO UPDATE SET count = experiment_count.count + 1
                """)
            .param("variant", variantId)
            .param("day", day)
            .param("step", step)
            .update()
        == 1;
  }

  /**
   * Credits a checkout to a variant of a running experiment, found by the provider's session id.
   */
  boolean credit(String provider, String providerSessionId, long variantId) {
    return jdbc.sql(
                """
                INSERT INTO experiment_checkout (checkout_id, variant_id)
                SELECT c.id, v.id FROM checkout c, experiment_variant v
                JOIN experiment e ON e.id = v.experiment_id AND e.status = 'RUNNING'
                WHERE c.provider = :provider AND c.provider_session_id = :session AND v.id = :variant
                ON CONFLICT (checkout_id) DO NOTHING
                """)
            .param("provider", provider)
            .param("session", providerSessionId)
            .param("variant", variantId)
            .update()
        == 1;
  }

  /** Per variant per day: shown, continue, checkout, and completed gifts with their money. */
  List<DayRow> days(long experimentId) {
    return jdbc.sql(
            """
            WITH steps AS (
              SELECT c.variant_id, c.day,
                     sum(c.count) FILTER (WHERE c.step = 'SHOWN') AS shown,
                     sum(c.count) FILTER (WHERE c.step = 'CONTINUE') AS continued,
                     sum(c.count) FILTER (WHERE c.step = 'CHECKOUT') AS checkouts
              FROM experiment_count c JOIN experiment_variant v ON v.id = c.variant_id
              WHERE v.experiment_id = :id GROUP BY c.variant_id, c.day),
            gifts AS (
              SELECT ec.variant_id, (co.completed_at AT TIME ZONE 'UTC')::date AS day, co.currency,
                     co.frequency, count(*) AS gifts, sum(co.amount_minor) AS total,
                     sum(co.amount_minor::numeric * co.amount_minor) AS squares
              FROM experiment_checkout ec JOIN checkout co ON co.id = ec.checkout_id
              JOIN experiment_variant v ON v.id = ec.variant_id
              WHERE v.experiment_id = :id AND co.status = 'COMPLETED'
              GROUP BY ec.variant_id, 2, co.currency, co.frequency)
            SELECT coalesce(s.variant_id, g.variant_id) AS variant_id, coalesce(s.day, g.day) AS day,
                   coalesce(s.shown, 0) AS shown, coalesce(s.continued, 0) AS continued,
                   coalesce(s.checkouts, 0) AS checkouts, g.currency, g.frequency,
                   coalesce(g.gifts, 0) AS gifts, coalesce(g.total, 0) AS total,
                   coalesce(g.squares, 0) AS squares
            FROM steps s FULL JOIN gifts g ON g.variant_id = s.variant_id AND g.day = s.day
            ORDER BY day, variant_id
            """)
        .param("id", experimentId)
        .query(
            (rs, n) ->
                new DayRow(
                    rs.getLong("variant_id"),
                    rs.getObject("day", LocalDate.class),
                    rs.getLong("shown"),
                    rs.getLong("continued"),
                    rs.getLong("checkouts"),
                    rs.getString("currency"),
                    rs.getString("frequency"),
                    rs.getLong("gifts"),
                    rs.getLong("total"),
                    rs.getDouble("squares")))
        .list();
  }

  /**
   * One line of counts. Where a day has gifts in several currencies or frequencies, the step counts
   * ride on each of its lines: {@link ExperimentResults} adds steps once per variant and day.
   */
  record DayRow(
      long variantId,
      LocalDate day,
      long shown,
      long continued,
      long checkouts,
      String currency,
      String frequency,
      long gifts,
      long total,
      double squares) {}

  Optional<Long> checkoutVariant(UUID checkoutId) {
    return jdbc.sql("SELECT variant_id FROM experiment_checkout WHERE checkout_id = :id")
        .param("id", checkoutId)
        .query(Long.class)
        .optional();
  }

  /** Makes a variant's words and amounts the newsroom's copy. */
  void adopt(Placement placement, Variant v, String goalCurrency, String settingsFrequency) {
    String column =
        switch (placement) {
          case BANNER -> "banner";
          case APPEAL, SUPPORT -> "appeal";
          case THANKS -> null;
        };
    if (column != null) {
      jdbc.sql(
              "UPDATE funding_settings SET "
                  + column
                  + "_en = coalesce(:en, "
                  + column
                  + "_en), "
                  + column
                  + "_ru = coalesce(:ru, "
                  + column
                  + "_ru) WHERE id = 1")
          .param("en", v.copyEn())
          .param("ru", v.copyRu())
          .update();
    }
    if (column != null) {
      // the banner has no heading of its own: only its button's words can be adopted
      wording(column, "en", column.equals("banner") ? null : v.headingEn(), v.buttonEn());
      wording(column, "ru", column.equals("banner") ? null : v.headingRu(), v.buttonRu());
    }
    if (v.defaultFrequency() != null && placement != Placement.THANKS) {
      jdbc.sql("UPDATE funding_settings SET default_frequency = :f WHERE id = 1")
          .param("f", v.defaultFrequency())
          .update();
    }
    if (v.suggested() != null && !v.suggested().isEmpty()) {
      String frequency = v.defaultFrequency() != null ? v.defaultFrequency() : settingsFrequency;
      jdbc.sql("UPDATE amount_rule SET suggested = :s WHERE currency = :c AND frequency = :f")
          .param("s", v.suggested().toArray(Long[]::new))
          .param("c", goalCurrency)
          .param("f", frequency)
          .update();
    }
  }

  private void wording(String block, String language, String heading, String button) {
    if (heading == null && button == null) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO appeal_wording (block, language, heading, button)
            VALUES (:block, :language, :heading, :button)
            ON CONFLICT (block, language) DO UPDATE
              SET heading = coalesce(EXCLUDED.heading, appeal_wording.heading),
                  button = coalesce(EXCLUDED.button, appeal_wording.button)
            """)
        .param("block", block)
        .param("language", language)
        .param("heading", heading)
        .param("button", button)
        .update();
  }

  /** The adopted heading and button of a block in a language; nulls where none was adopted. */
  Experiments.Wording wording(String block, String language) {
    return jdbc.sql(
            "SELECT heading, button FROM appeal_wording WHERE block = :block AND language = :l")
        .param("block", block)
        .param("l", language)
        .query((rs, n) -> new Experiments.Wording(rs.getString("heading"), rs.getString("button")))
        .optional()
        .orElse(new Experiments.Wording(null, null));
  }

  private static Variant variant(ResultSet rs) throws SQLException {
    Array suggested = rs.getArray("suggested");
    Integer preselected = rs.getObject("preselected", Integer.class);
    return new Variant(
        rs.getLong("vid"),
        rs.getInt("position"),
        rs.getString("vname"),
        rs.getString("heading_en"),
        rs.getString("heading_ru"),
        rs.getString("copy_en"),
        rs.getString("copy_ru"),
        rs.getString("button_en"),
        rs.getString("button_ru"),
        rs.getString("default_frequency"),
        suggested == null ? null : List.copyOf(Arrays.asList((Long[]) suggested.getArray())),
        preselected,
        rs.getInt("split_percent"),
        rs.getDouble("weight"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /**
   * A new experiment as an editor described it. Its variants have no id yet (0), and their position
   * and weight are set when they are stored: the list's order, and the split.
   */
  record NewExperiment(
      String name,
      Placement placement,
      AllocationMode allocation,
      int floorPercent,
      List<Variant> variants) {}
}

package org.samizdat.revenue.experiments;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.i18n.Language;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.FundingSettingsChanged;
import org.samizdat.revenue.experiments.Experiment.AllocationMode;
import org.samizdat.revenue.experiments.Experiment.Status;
import org.samizdat.revenue.experiments.Experiment.Variant;
import org.samizdat.revenue.experiments.ExperimentRepository.NewExperiment;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appeal experiments: what editors create, start, pause, stop and adopt, what readers' pages count,
 * and which variant a checkout came from.
 */
@Service
public class Experiments {

  /** The cache tag of everything that shows experiments: the JSON of live variants. */
  public static final String SURROGATE_KEY = "experiments";

  private static final int MAX_TEXT = 2000;

  private final ExperimentRepository repository;
  private final Funding funding;
  private final ClusterInvalidation invalidation;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ZoneId zone;

  Experiments(
      ExperimentRepository repository,
      Funding funding,
      ClusterInvalidation invalidation,
      ApplicationEventPublisher events,
      Clock clock,
      PlatformSettings platform) {
    this.repository = repository;
    this.funding = funding;
    this.invalidation = invalidation;
    this.events = events;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  public List<Experiment> all() {
    return repository.all();
  }

  public Experiment get(long id) {
    return repository
        .find(id)
        .orElseThrow(() -> new InputRejected("experiment", "There is no experiment " + id + "."));
  }

  public Optional<Experiment> find(long id) {
    return repository.find(id);
  }

  /** Running experiments by placement (paused ones show their control, so they are not here). */
  public Map<Placement, Experiment> running() {
    Map<Placement, Experiment> byPlacement = new EnumMap<>(Placement.class);
    for (Experiment e : repository.live()) {
      if (e.status() == Status.RUNNING) {
        byPlacement.put(e.placement(), e);
      }
    }
    return byPlacement;
  }

  /** An editor's form: checked whole, every problem named, nothing stored unless all is right. */
  public record Form(
      String name,
      String placement,
      String allocation,
      String floorPercent,
      List<VariantForm> variants) {}

  public record VariantForm(
      String name,
      String headingEn,
      String headingRu,
      String copyEn,
      String copyRu,
      String buttonEn,
      String buttonRu,
      String defaultFrequency,
      String suggested,
      String preselected,
      String splitPercent) {

    boolean isEmpty() {
      return blank(name)
          && blank(headingEn)
          && blank(headingRu)
          && blank(copyEn)
          && blank(copyRu)
          && blank(buttonEn)
          && blank(buttonRu)
          && blank(suggested);
    }
  }

  @Transactional
  public long create(Form form) {
    Map<String, String> problems = new LinkedHashMap<>();
    String name = trim(form.name());
    if (name == null || name.length() > 120) {
      problems.put("name", "Give the experiment a name of at most 120 characters.");
    }
    Placement placement = Placement.fromCode(form.placement()).orElse(null);
    if (placement == null) {
      problems.put("placement", "Choose where the experiment runs.");
    }
    AllocationMode mode = null;
    try {
      mode =
          AllocationMode.valueOf(trim(form.allocation()) == null ? "" : form.allocation().trim());
    } catch (IllegalArgumentException e) {
      problems.put("allocation", "Choose a fixed split or a bandit.");
    }
    int floor =
        integer(
            form.floorPercent(),
            5,
            0,
            20,
            "floor",
            "The floor is a whole percent from 0 to 20.",
            problems);
    List<VariantForm> given = new ArrayList<>();
    for (VariantForm v : form.variants()) {
      if (given.isEmpty() || !v.isEmpty()) {
        given.add(v);
      }
    }
    if (given.size() < 2 || given.size() > 5) {
      problems.put("variants", "An experiment has the control and 1 to 4 other variants.");
    }
    List<Variant> variants = new ArrayList<>();
    String currency = funding.settings().goal().currencyCode();
    for (int i = 0; i < given.size(); i++) {
      VariantForm v = given.get(i);
      String key = "variant" + i;
      String label = i == 0 ? "Control" : "Variant " + (char) ('A' + i);
      String vname = trim(v.name()) == null ? label : v.name().trim();
      if (i > 0 && v.isEmpty()) {
        problems.put(key, vname + " changes nothing: give it words or amounts.");
      }
      for (String text :
          new String[] {
            v.headingEn(), v.headingRu(), v.copyEn(), v.copyRu(), v.buttonEn(), v.buttonRu()
          }) {
        if (text != null && text.length() > MAX_TEXT) {
          problems.put(key, vname + ": each text is at most " + MAX_TEXT + " characters.");
        }
      }
      String frequency = null;
      if (trim(v.defaultFrequency()) != null) {
        try {
          frequency = funding.frequency(v.defaultFrequency()).name();
        } catch (InputRejected e) {
          problems.put(key + ".frequency", vname + ": choose once, monthly or annual.");
        }
      }
      List<Long> suggested = null;
      if (trim(v.suggested()) != null) {
        suggested = new ArrayList<>();
        for (String part : v.suggested().split("[,;\\s]+")) {
          if (part.isBlank()) {
            continue;
          }
          try {
            suggested.add(
                new java.math.BigDecimal(part)
                    .movePointRight(
                        java.util.Currency.getInstance(currency).getDefaultFractionDigits())
                    .longValueExact());
          } catch (ArithmeticException | NumberFormatException e) {
            problems.put(
                key + ".suggested",
                vname + ": amounts are numbers such as 5, 10, 25 (" + currency + ").");
            break;
          }
        }
        if (suggested.size() > 6 || suggested.stream().anyMatch(a -> a <= 0)) {
          problems.put(key + ".suggested", vname + ": give 1 to 6 amounts above zero.");
        }
      }
      Integer preselected = null;
      if (trim(v.preselected()) != null) {
        preselected =
            integer(
                    v.preselected(),
                    1,
                    1,
                    6,
                    key + ".preselected",
                    vname + ": the preselected amount is its place in the list, 1 to 6.",
                    problems)
                - 1;
      }
      int split =
          integer(
              v.splitPercent(),
              100 / Math.max(1, given.size()),
              0,
              100,
              key + ".split",
              vname + ": the split is a whole percent.",
              problems);
      variants.add(
          new Variant(
              0,
              i,
              vname,
              trim(v.headingEn()),
              trim(v.headingRu()),
              i == 0 ? null : trim(v.copyEn()),
              i == 0 ? null : trim(v.copyRu()),
              trim(v.buttonEn()),
              trim(v.buttonRu()),
              frequency,
              suggested,
              preselected,
              split,
              0));
    }
    if (mode == AllocationMode.FIXED
        && variants.stream().mapToInt(Variant::splitPercent).sum() != 100) {
      problems.put("split", "A fixed split adds up to 100%.");
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    // The control is the copy as it stands: only a name is kept for it.
    Variant c = variants.get(0);
    variants.set(
        0,
        new Variant(
            0,
            0,
            c.name(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            c.splitPercent(),
            0));
    return repository.insert(
        new NewExperiment(name, placement, mode, floor, variants), clock.instant());
  }

  @Transactional
  public void start(long id) {
    Experiment e = get(id);
    if (!(e.status() == Status.DRAFT || e.status() == Status.PAUSED)) {
      throw new InputRejected("status", "Only a draft or a paused experiment can start.");
    }
    if (e.status() == Status.DRAFT
        && repository.live().stream().anyMatch(x -> x.placement() == e.placement())) {
      throw new InputRejected(
          "placement",
          "Another experiment is already live on the "
              + e.placement().label().toLowerCase()
              + ": stop it first.");
    }
    change(e, Status.RUNNING);
  }

  @Transactional
  public void pause(long id) {
    Experiment e = get(id);
    if (e.status() != Status.RUNNING) {
      throw new InputRejected("status", "Only a running experiment can be paused.");
    }
    change(e, Status.PAUSED);
  }

  @Transactional
  public void stop(long id) {
    Experiment e = get(id);
    if (!e.isLive()) {
      throw new InputRejected("status", "Only a running or paused experiment can be stopped.");
    }
    change(e, Status.STOPPED);
  }

  @Transactional
  public void delete(long id) {
    Experiment e = get(id);
    if (e.status() != Status.DRAFT) {
      throw new InputRejected(
          "status", "Only a draft can be deleted; stop a live experiment instead.");
    }
    repository.delete(id);
  }

  /** "Make this variant the copy": its words and amounts replace the newsroom's, and it stops. */
  @Transactional
  public void adopt(long id, long variantId) {
    Experiment e = get(id);
    Variant v =
        e.variants().stream()
            .filter(x -> x.id() == variantId)
            .findFirst()
            .orElseThrow(
                () -> new InputRejected("variant", "That variant is not part of this experiment."));
    repository.adopt(
        e.placement(),
        v,
        funding.settings().goal().currencyCode(),
        funding.settings().defaultFrequency().name());
    if (e.isLive()) {
      change(e, Status.STOPPED);
    }
    events.publishEvent(new FundingSettingsChanged(clock.instant()));
  }

  private void change(Experiment e, Status to) {
    if (!repository.setStatus(e.id(), e.status(), to, clock.instant())) {
      throw new InputRejected("status", "Someone changed this experiment meanwhile; look again.");
    }
    // Every page carries the control's id in its form, and the JSON lists what runs: the support
    // blocks are rebuilt and every page that shows them dropped, as when editors change the copy.
    invalidation.evictOnCommit(List.of(SURROGATE_KEY));
    events.publishEvent(new FundingSettingsChanged(clock.instant()));
  }

  /**
   * Words a newsroom adopted from a variant for a block's heading and button; null where the
   * bundles' words stand.
   */
  public record Wording(String heading, String button) {}

  /**
   * The adopted wording of the banner ({@code "banner"}: its button) or of the appeal and the
   * support form ({@code "appeal"}: heading and button) in one language.
   */
  public Wording wording(String block, Language language) {
    return repository.wording(block, language.code());
  }

  /** A variant was shown (a beacon from the page, carrying nothing but the variant's id). */
  public boolean shown(long variantId) {
    return repository.count(variantId, "SHOWN", today());
  }

  /** A reader went on from a variant's form to the payment methods. */
  public boolean continued(long variantId) {
    return repository.count(variantId, "CONTINUE", today());
  }

  /**
   * A checkout started from a variant's form: counted, and the checkout credited to the variant so
   * that its completion, which only the provider's webhook sets, counts for it.
   */
  public boolean checkoutStarted(long variantId, String provider, String providerSessionId) {
    if (providerSessionId == null || !repository.credit(provider, providerSessionId, variantId)) {
      return false;
    }
    return repository.count(variantId, "CHECKOUT", today());
  }

  public Optional<Long> variantOf(UUID checkoutId) {
    return repository.checkoutVariant(checkoutId);
  }

  public ExperimentResults results(long id) {
    Experiment e = get(id);
    return ExperimentResults.of(e, repository.days(id), funding.settings().goal().currencyCode());
  }

  /** Recomputes the shares of every running experiment now; returns how many. */
  @Transactional
  public int reweigh() {
    return reweigh(Duration.ZERO);
  }

  /**
   * Recomputes the shares of running experiments last weighed longer than {@code interval} ago, on
   * whichever node takes the lock first.
   */
  @Transactional
  public int reweighIfDue(Duration interval) {
    if (!repository.tryWeighingLock()) {
      return 0;
    }
    return reweigh(interval);
  }

  private int reweigh(Duration interval) {
    int changed = 0;
    java.time.Instant due = clock.instant().minus(interval);
    for (Experiment e : running().values()) {
      if (e.weighedAt() != null && e.weighedAt().isAfter(due)) {
        continue;
      }
      double[] weights =
          ExperimentResults.of(e, repository.days(e.id()), funding.settings().goal().currencyCode())
              .allocation(e.id() ^ clock.millis());
      repository.saveWeights(e.id(), e.variants(), weights, clock.instant());
      changed++;
    }
    if (changed > 0) {
      invalidation.evictOnCommit(List.of(SURROGATE_KEY));
    }
    return changed;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trim(String s) {
    return blank(s) ? null : s.trim();
  }

  private static int integer(
      String raw,
      int otherwise,
      int min,
      int max,
      String key,
      String message,
      Map<String, String> problems) {
    if (blank(raw)) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        problems.put(key, message);
      }
      return value;
    } catch (NumberFormatException e) {
      problems.put(key, message);
      return otherwise;
    }
  }
}

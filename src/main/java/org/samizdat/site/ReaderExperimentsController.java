package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.Money;
import org.samizdat.platform.cache.PageCacheFilter;
import org.samizdat.platform.i18n.Language;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.experiments.Experiment;
import org.samizdat.revenue.experiments.Experiment.Variant;
import org.samizdat.revenue.experiments.Experiments;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What readers' pages need to run experiments: one JSON per edition with every running variant and
 * its share of traffic (the same bytes for everyone, cached like a page), and a beacon that adds
 * one to a variant's views and carries nothing else.
 */
@RestController
class ReaderExperimentsController {

  private final Experiments experiments;
  private final SupportBlocks blocks;
  private final Funding funding;

  ReaderExperimentsController(Experiments experiments, SupportBlocks blocks, Funding funding) {
    this.experiments = experiments;
    this.blocks = blocks;
    this.funding = funding;
  }

  record VariantView(
      long id,
      double weight,
      boolean control,
      String heading,
      String copyHtml,
      String button,
      String frequency,
      List<AmountView> amounts,
      Integer preselected) {}

  record AmountView(String value, String label, long minor) {}

  /**
   * @param currency the currency of every variant's suggested amounts (the goal's): they replace
   *     that currency's amount set only
   */
  record ExperimentView(long id, String currency, List<VariantView> variants) {}

  @GetMapping(
      value = {"/support/experiments.json", "/ru/support/experiments.json"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, ExperimentView>> running(HttpServletRequest request) {
    Language language = Edition.of(request);
    Currency currency = funding.settings().goal().currency();
    Map<String, ExperimentView> byPlacement = new LinkedHashMap<>();
    experiments
        .running()
        .forEach((placement, e) -> byPlacement.put(placement.code(), view(e, language, currency)));
    return ResponseEntity.ok()
        .header("Cache-Control", ReaderPagesController.PAGE_CACHE_CONTROL)
        .header(PageCacheFilter.KEYS_HEADER, Experiments.SURROGATE_KEY)
        .body(byPlacement);
  }

  private ExperimentView view(Experiment e, Language language, Currency currency) {
    List<VariantView> variants = new ArrayList<>();
    for (Variant v : e.variants()) {
      List<AmountView> amounts = null;
      if (v.suggested() != null) {
        amounts = new ArrayList<>();
        for (long minor : v.suggested()) {
          Money m = new Money(minor, currency);
          amounts.add(
              new AmountView(
                  m.toMajor().stripTrailingZeros().toPlainString(),
                  m.format(language.locale()),
                  minor));
        }
      }
      String copy = v.copy(language);
      variants.add(
          new VariantView(
              v.id(),
              v.weight(),
              v.isControl(),
              v.heading(language),
              copy == null ? null : blocks.renderCopy(language, copy),
              v.button(language),
              v.defaultFrequency() == null ? null : v.defaultFrequency().toLowerCase(),
              amounts,
              v.preselected()));
    }
    return new ExperimentView(e.id(), currency.getCurrencyCode(), variants);
  }

  /**
   * One more view of a variant: the body is its id and nothing else; no cookie, no address kept.
   */
  /** The smallest transparent GIF: what a browser without JavaScript loads to count a view. */
  private static final byte[] PIXEL =
      java.util.Base64.getDecoder()
          .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  /**
   * A view of the control by a browser without JavaScript: the page's {@code <noscript>} image, the
   * same for everyone, carrying nothing but the control's id. Never stored by any cache, so every
   * view reaches the counter; no cookie, no address kept.
   */
  @GetMapping("/support/experiments/seen")
  ResponseEntity<byte[]> seenWithoutScript(@RequestParam(name = "v", required = false) String v) {
    Long id = variantId(v);
    if (id != null) {
      experiments.shown(id);
    }
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .contentType(MediaType.IMAGE_GIF)
        .body(PIXEL);
  }

  @PostMapping("/support/experiments/shown")
  ResponseEntity<Void> shown(@RequestBody(required = false) String variant) {
    Long id = variantId(variant);
    if (id != null) {
      experiments.shown(id);
    }
    return ResponseEntity.noContent().build();
  }

  static Long variantId(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.trim();
    if (!s.matches("\\d{1,18}")) {
      return null;
    }
    return Long.parseLong(s);
  }
}

package org.samizdat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.samizdat.IntegrationTest;
import org.samizdat.SlowTest;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.experiments.Experiment;
import org.samizdat.revenue.experiments.ExperimentResults;
import org.samizdat.revenue.experiments.Experiments;
import org.samizdat.site.SiteSettings;
import org.samizdat.site.SupportBlocks;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An experiment on the appeal, as readers meet it: one cached page for all, a variant picked and
 * kept in each browser, a gift from variant B credited to B, and the control without JavaScript.
 */
@SlowTest
class ReaderSeesAnAppealExperimentBrowserIT extends IntegrationTest {

  static final String URGENT = "We are running out of time";

  @Autowired Experiments experiments;
  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired SiteSettings site;
  @Autowired SupportBlocks supportBlocks;

  @AfterEach
  void stopEverythingLive() {
    for (Experiment e : experiments.all()) {
      if (e.isLive()) {
        experiments.stop(e.id());
      }
    }
  }

  @Test
  void browsersGetDifferentVariantsOfOneCachedPageAndAGiftFromBCountsForB() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long id = experiments.create(form("Urgency in the browser " + u));
    experiments.start(id);
    Experiment e = experiments.get(id);
    long control = e.control().id();
    long urgent = e.variants().get(1).id();
    supportBlocks.evict();
    String article = publish(u);
    String base = site.baseUrl();
    cacheNoticesHeardBack();

    // One page for everyone: the same bytes (ETag) whoever asks, from the page cache.
    Response first = client().get(article);
    Response again = client().get(article);
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(again.header("X-Page-Cache")).isEqualTo("hit");

    try (Chromium reader = Chromium.start(Chromium.siteAddressIs(base, port))) {
      WebDriver d = reader.driver();
      try {
        // Fresh browsers (localStorage cleared, as in a new profile) land on either variant.
        Set<String> seen = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 16 && seen.size() < 2; i++) {
          d.get(base + article);
          ((JavascriptExecutor) d).executeScript("window.localStorage.clear()");
          d.get(base + article);
          String variant = variantShown(reader);
          seen.add(variant);
          // The choice is kept for the experiment's life: the same browser sees the same story.
          d.get(base + article);
          kept.add(variant + "=" + variantShown(reader));
        }
        assertThat(seen).containsExactlyInAnyOrder(String.valueOf(control), String.valueOf(urgent));
        assertThat(kept).allMatch(k -> k.split("=")[0].equals(k.split("=")[1]));

        // This browser on B: the heading, the words and the amounts are B's.
        while (!variantShown(reader).equals(String.valueOf(urgent))) {
          ((JavascriptExecutor) d).executeScript("window.localStorage.clear()");
          d.get(base + article);
        }
        WebElement appeal = d.findElement(By.cssSelector("section#appeal"));
        assertThat(appeal.findElement(By.cssSelector("h2")).getText()).isEqualTo(URGENT);
        assertThat(appeal.findElement(By.cssSelector(".appeal-copy")).getText())
            .contains("Every month we need $10,000");
        assertThat(
                appeal.findElements(
                    By.cssSelector(".amount-set[data-frequency=once][data-currency=USD] label")))
            .extracting(WebElement::getText)
            .containsExactly("$15", "$30", "$60");
        appeal.findElement(By.cssSelector("button[type=submit]")).click();
        reader.waiting().until(ExpectedConditions.urlContains("/support/pay"));
        assertThat(d.getCurrentUrl()).contains("variant=" + urgent);
        d.findElement(By.cssSelector("form input[name=provider][value=testmode] ~ button")).click();
        reader.waiting().until(ExpectedConditions.urlContains("/support/testmode/"));
        d.findElement(By.cssSelector("input[name=email]")).sendKeys("exp-" + u + "@example.org");
        d.findElement(By.cssSelector("button[value=pay]")).click();
        reader.waiting().until(ExpectedConditions.urlContains("/support/thanks"));
      } catch (Throwable t) {
        reader.screenshotQuietly("experiment-failure");
        throw t;
      }
    }

    ExperimentResults results = experiments.results(id);
    assertThat(results.variants().get(1).gifts()).as("B's gifts").isEqualTo(1);
    assertThat(results.variants().get(1).revenueMinor()).isEqualTo(3000);
    assertThat(results.variants().get(0).gifts()).as("control's gifts").isZero();
    assertThat(results.variants().get(1).shown()).isPositive();
    Response page = admin().get("/newsroom/revenue/experiments/" + id);
    assertThat(page.html().select(".experiment-results tbody tr").get(1).text())
        .startsWith("Urgent")
        .contains(" 1 ");

    // Without JavaScript the control shows, its form credits the control, and the view counts
    // for it (the page's <noscript> image).
    long controlViews = experiments.results(id).variants().get(0).shown();
    try (Chromium plain =
        Chromium.start(
            Chromium.siteAddressIs(base, port)
                .andThen(
                    options ->
                        options.setExperimentalOption(
                            "prefs",
                            Map.of("profile.managed_default_content_settings.javascript", 2))))) {
      WebDriver d = plain.driver();
      d.get(base + article);
      WebElement appeal = d.findElement(By.cssSelector("section#appeal"));
      assertThat(appeal.findElement(By.cssSelector("h2")).getText()).isNotEqualTo(URGENT);
      assertThat(appeal.findElement(By.cssSelector("input[name=variant]")).getDomProperty("value"))
          .isEqualTo(String.valueOf(control));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(experiments.results(id).variants().get(0).shown())
                      .as("the control's views, counted without JavaScript")
                      .isGreaterThan(controlViews));
    }
  }

  /** The variant this page's form will credit, once the experiment script has run. */
  private static String variantShown(Chromium reader) {
    WebDriver d = reader.driver();
    return reader
        .waiting()
        .until(
            driver -> {
              Object v =
                  ((JavascriptExecutor) driver)
                      .executeScript(
                          "var keys = Object.keys(localStorage).filter(function (k) {"
                              + " return k.indexOf('samizdat.exp.') === 0; });"
                              + " return keys.length ? localStorage.getItem(keys[0]) : null;");
              if (v == null) {
                return null;
              }
              String form =
                  d.findElement(By.cssSelector("section#appeal input[name=variant]"))
                      .getDomProperty("value");
              return v.equals(form) ? (String) v : null;
            });
  }

  private Experiments.Form form(String name) {
    return new Experiments.Form(
        name,
        "appeal",
        "FIXED",
        "5",
        List.of(
            new Experiments.VariantForm("Control", "", "", "", "", "", "", "", "", "", "50"),
            new Experiments.VariantForm(
                "Urgent",
                URGENT,
                "У нас мало времени",
                "Every month we need {goal}. Give now.",
                "Каждый месяц нам нужно {goal}.",
                "Give now",
                "Помочь сейчас",
                "once",
                "15, 30, 60",
                "2",
                "50")));
  }

  private String publish(String u) {
    long author = taxonomy.createAuthor("Exp Writer " + u, "exp-writer-" + u, "");
    long section = taxonomy.createSection("exp-b-" + u, "Exp " + u, "Опыт " + u, 91);
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "A tested story " + u,
                "S",
                "Body",
                section,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            new Actor(0, "Experiment browser test"));
    publishing.publishNow(id, new Actor(0, "Experiment browser test"));
    return articles.get(id).path(ZoneId.of("UTC"));
  }
}

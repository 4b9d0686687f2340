package org.samizdat.revenue.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.springframework.test.context.ContextConfiguration;

/**
 * "Make this the copy": the winning variant's heading, words, button and amounts become what every
 * reader gets, in both languages, and the experiment stops. A database of its own, since the copy
 * it changes is on every other test's pages.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
class ExperimentAdoptedIT extends ExperimentTest {

  @Test
  void adoptingAVariantMakesItsHeadingWordsButtonAndAmountsTheCopyInBothLanguages() {
    WebClient editor = admin();
    WebClient reader = client();
    String article = articleWithAppeal(reader);
    Document before = reader.get(article).html();
    String oldHeading = before.select("#appeal h2").text();
    assertThat(oldHeading).isNotEqualTo("We are running out of time");
    assertThat(before.select("#appeal button[type=submit]").text()).isNotEqualTo("Give now");

    long id = create(editor, form("Adopt " + UUID.randomUUID(), "appeal", "FIXED"));
    experiments.start(id);
    long urgent = experiments.get(id).variants().get(1).id();
    editor.open("/newsroom/revenue/experiments/" + id);
    Response adopt =
        editor.post(
            "/newsroom/revenue/experiments/" + id + "/adopt",
            Map.of("variant", String.valueOf(urgent)));
    assertThat(adopt.status()).as(adopt.body()).isEqualTo(302);
    assertThat(experiments.get(id).isLive()).isFalse();

    Document en = reader.get(article).html();
    assertThat(en.select("#appeal h2").text()).isEqualTo("We are running out of time");
    assertThat(en.select("#appeal .appeal-copy").text()).contains("Every month we need");
    assertThat(en.select("#appeal button[type=submit]").text()).isEqualTo("Give now");
    assertThat(en.select("#appeal input[name=frequency][checked]").val()).isEqualTo("monthly");
    assertThat(
            en.select(".amount-set[data-frequency=monthly][data-currency=USD] label.choice")
                .eachText())
        .containsExactly("$3", "$7", "$15");
    assertThat(en.select("#appeal input[name=variant]")).as("no experiment runs").isEmpty();
    assertThat(en.select("#support-banner .support-button").text())
        .as("the banner's button is the banner's: an appeal variant leaves it alone")
        .isNotEqualTo("Give now");

    Document ru = reader.get("/ru/support").html();
    assertThat(ru.select("#support-form h2").text()).isEqualTo("У нас мало времени");
    assertThat(ru.select("#support-form button[type=submit]").text()).isEqualTo("Помочь сейчас");
  }
}

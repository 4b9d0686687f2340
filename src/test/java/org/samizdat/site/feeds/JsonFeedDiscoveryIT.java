package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;

/** Feed readers and people find the JSON Feed from any page, as they find RSS and Atom. */
class JsonFeedDiscoveryIT extends IntegrationTest {

  @Test
  void everyEditionAdvertisesItsJsonFeedInTheHeadTheFooterAndTheAboutPage() {
    for (String[] edition : new String[][] {{"/", "/feed.json"}, {"/ru/", "/ru/feed.json"}}) {
      Document home = client().get(edition[0]).html();
      assertThat(home.select("link[rel=alternate][type=application/feed+json]").eachAttr("href"))
          .as(edition[0])
          .containsExactly(edition[1]);
      assertThat(home.select("footer a[href=" + edition[1] + "]")).as(edition[0]).isNotEmpty();
    }
    assertThat(client().get("/about").html().select("main a[href=/feed.json]")).isNotEmpty();
    assertThat(client().get("/feed.json").status()).isEqualTo(200);
  }
}

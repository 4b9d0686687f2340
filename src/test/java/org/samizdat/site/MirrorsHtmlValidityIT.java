package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.reach.Mirrors;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The about page with mirrors and an onion address, and the newsroom's mirrors screen, pass the W3C
 * checker.
 */
class MirrorsHtmlValidityIT extends IntegrationTest {

  /** DuckDuckGo's published v3 address: valid, and no secret. */
  static final String ONION = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion";

  @Autowired Mirrors mirrors;
  final HtmlValidator checker = new HtmlValidator();

  @AfterEach
  void tearDown() {
    mirrors.replace(List.of(), "");
  }

  @Test
  void aboutPagesListingMirrorsAndTheMirrorsScreenAreValidHtml() {
    mirrors.replace(
        List.of("http://127.0.0.1:9/mirror-one", "http://127.0.0.1:9/mirror-two/news"), ONION);
    mirrors.checkNow();
    WebClient admin = admin();
    for (String path : List.of("/about", "/ru/about", "/newsroom/mirrors")) {
      Response r = (path.startsWith("/newsroom") ? admin : client()).get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(checker.errors(r.bytes())).as(path).isEmpty();
    }
  }
}

package org.samizdat.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.SharedOtherSettings;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The app behind a proxy that terminates TLS, as the README tells operators to run it ({@code
 * server.forward-headers-strategy=native}): readers who came over HTTPS get HSTS on every page,
 * from the cache too, and readers over plain HTTP never do, whichever of them the stored page was
 * rendered for. The property puts this class in the second shared context ({@link
 * SharedOtherSettings}).
 */
@SharedOtherSettings
class HttpsBehindAProxyIT extends IntegrationTest {

  static final String HSTS = "Strict-Transport-Security";
  static final Map<String, String> OVER_HTTPS = Map.of("X-Forwarded-Proto", "https");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;

  @Test
  void hstsGoesToHttpsReadersOnlyWhetherThePageWasRenderedOrStored() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    Actor editor = new Actor(0, "HTTPS test");
    long author = taxonomy.createAuthor("Secure " + u, "secure-" + u, "");
    long section = taxonomy.createSection("secure-" + u, "Secure " + u, "Защита " + u, 80);
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Secure story " + u,
                "S",
                "Body",
                section,
                List.of("https " + u),
                List.of(author),
                null,
                "",
                "",
                null),
            editor);
    publishing.publishNow(id, editor);
    String path = articles.get(id).path(java.time.ZoneId.of("UTC"));
    cacheNoticesHeardBack();

    Response plainMiss = client().get(path);
    assertThat(plainMiss.header("X-Page-Cache")).isEqualTo("miss");
    assertThat(plainMiss.header(HSTS)).isNull();
    Response secureHit = client().get(path, OVER_HTTPS);
    assertThat(secureHit.header("X-Page-Cache")).isEqualTo("hit");
    assertThat(secureHit.header(HSTS)).contains("max-age=31536000").contains("includeSubDomains");

    Response secureMiss = client().get("/about", OVER_HTTPS);
    assertThat(secureMiss.header(HSTS)).contains("max-age=31536000");
    Response plainHit = client().get("/about");
    assertThat(plainHit.header("X-Page-Cache")).isEqualTo("hit");
    assertThat(plainHit.header(HSTS)).as("never over plain HTTP").isNull();
    assertThat(client().get("/about", OVER_HTTPS).header(HSTS)).contains("max-age=31536000");
  }
}

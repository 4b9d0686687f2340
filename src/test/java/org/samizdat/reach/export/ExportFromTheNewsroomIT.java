package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An editor presses Export in the newsroom; the copy is written in the background into the
 * configured folder.
 */
class ExportFromTheNewsroomIT extends IntegrationTest {

  @Autowired ExportRunner runner;
  @Autowired StaticExport export;
  @Autowired Publishing publishing;
  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;
  @Autowired PlatformSettings platform;

  @Test
  void anEditorExportsTheSiteAndSeesHowItWent() throws IOException {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long author = taxonomy.createAuthor("Button " + u, "button-" + u, "");
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Pressed the button " + u,
                "Standfirst.",
                "Body.",
                null,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            new Actor(0, "ExportFromTheNewsroomIT"));
    publishing.publishNow(id, new Actor(0, "ExportFromTheNewsroomIT"));
    WebClient editor = admin();

    Response screen = editor.open("/newsroom/export");
    assertThat(screen.status()).isEqualTo(200);
    Document before = screen.html();
    assertThat(before.select("nav a[href='/newsroom/export']").text()).isEqualTo("Export");
    assertThat(before.select("#export-dir").text()).isEqualTo(export.defaultDirectory().toString());
    assertThat(before.select("form[action='/newsroom/export'] button").eachText())
        .containsExactly("Export now", "Export changes only");

    Response pressed = editor.post("/newsroom/export", Map.of());
    assertThat(pressed.status()).isEqualTo(302);
    assertThat(pressed.location()).endsWith("/newsroom/export");
    assertThat(editor.get("/newsroom/export").html().select("p.flash").text())
        .isIn(
            "Export started. Reload this page to see when it is done.",
            "An export is already running; reload this page to see when it is done.");

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !runner.status().running() && runner.status().last() != null);
    ExportReport last = runner.status().last();
    assertThat(runner.status().failure()).isNull();
    assertThat(runner.status().startedBy()).isNotBlank();

    Document after = editor.get("/newsroom/export").html();
    assertThat(after.select("#export-result").text()).startsWith("Written and checked");
    assertThat(after.select("#export-pages").text()).isEqualTo(String.valueOf(last.pages()));
    assertThat(after.select("#export-written").text())
        .isEqualTo(String.valueOf(last.written().size()));
    assertThat(after.select("#export-unchanged").text())
        .isEqualTo(String.valueOf(last.unchanged()));
    assertThat(after.select("#export-removed").text())
        .isEqualTo(String.valueOf(last.removed().size()));
    assertThat(after.select("#export-broken").text())
        .isEqualTo(String.valueOf(last.brokenLinks().size()));
    assertThat(after.select("#export-foreign").text()).isEqualTo("0");
    assertThat(after.select("#export-leaks").text()).isEqualTo("0");
    assertThat(last.directory()).isEqualTo(export.defaultDirectory());
    assertThat(last.directory().resolve("index.html")).isRegularFile();
    assertThat(last.directory().resolve(publishingPath(id).substring(1) + "/index.html"))
        .isRegularFile();

    // then only what changed: a new article, with its page and its place on the front page
    long fresh =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Changed since " + u,
                "Standfirst",
                "Text.",
                null,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            new Actor(0, "ExportFromTheNewsroomIT"));
    publishing.publishNow(fresh, new Actor(0, "ExportFromTheNewsroomIT"));
    assertThat(editor.post("/newsroom/export", Map.of("changes", "1")).status()).isEqualTo(302);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !runner.status().running() && runner.status().last() != last);
    ExportReport changes = runner.status().last();
    assertThat(runner.status().failure()).isNull();
    assertThat(changes.ok()).isTrue();
    assertThat(changes.written())
        .contains(publishingPath(fresh).substring(1) + "/index.html", "index.html")
        .hasSizeLessThan(last.files() / 2);
    assertThat(Files.readString(last.directory().resolve("index.html")))
        .contains("Changed since " + u);
  }

  @Test
  void authorsAndReadersCannotExport() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String email = "export-author-" + u + "@samizdat.test";
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    assertThat(
            admin
                .post(
                    "/newsroom/staff",
                    Map.of(
                        "email",
                        email,
                        "displayName",
                        "Author " + u,
                        "password",
                        "author-password-123",
                        "role",
                        "AUTHOR"))
                .status())
        .isEqualTo(302);
    WebClient author = client();
    author.login(email, "author-password-123");
    assertThat(author.get("/newsroom/export").status()).isEqualTo(403);
    assertThat(author.post("/newsroom/export", Map.of()).status()).isEqualTo(403);
    assertThat(author.get("/newsroom/articles").html().select("nav a[href='/newsroom/export']"))
        .isEmpty();

    WebClient reader = client();
    Response anonymous = reader.get("/newsroom/export");
    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.location()).endsWith("/newsroom/login");
    assertThat(reader.postForm("/newsroom/export", Map.of(), false).status()).isIn(302, 403);
  }

  private String publishingPath(long id) {
    return articles.get(id).path(platform.timeZone());
  }
}

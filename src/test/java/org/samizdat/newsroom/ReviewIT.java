package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The review round trip over HTTP: an author marks a draft ready, editors see it counted in their
 * navigation and queued, send it back with a note the author reads, the author fixes it, an editor
 * publishes; the changes between revisions show word by word.
 */
class ReviewIT extends IntegrationTest {

  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;
  @Autowired StaffDirectory staff;

  @Test
  void anAuthorAsksForReviewAnEditorSendsItBackWithANoteThenPublishesTheFix() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long authorId = taxonomy.createAuthor("Reviewed " + u, "reviewed-" + u, "");
    String email = "reporter-" + u + "@samizdat.test";
    staff.create(email, "Reporter " + u, "reporter-password-123", StaffRole.AUTHOR, authorId);
    WebClient author = client();
    author.login(email, "reporter-password-123");
    author.open("/newsroom/articles/new");

    Map<String, Object> form = new HashMap<>();
    form.put("language", "en");
    form.put("headline", "Strike at the plant " + u);
    form.put("body", "Workers stopped at noon and nobody came.");
    form.put("authorIds", String.valueOf(authorId));
    form.put("action", "review");
    Response sent = author.postMultipart("/newsroom/articles", form);
    assertThat(sent.status()).as(sent.body()).isEqualTo(302);
    long id = Long.parseLong(sent.location().replaceAll(".*/(\\d+)$", "$1"));
    assertThat(articles.review(id).orElseThrow().isReady()).isTrue();

    WebClient editor = admin();
    Response queue = editor.open("/newsroom/review");
    assertThat(queue.html().select("#nav-review .count").text()).matches("[1-9]\\d*");
    assertThat(queue.html().select(".review-queue").text())
        .contains("Strike at the plant " + u, "Asked by Reporter " + u);
    assertThat(author.get("/newsroom/review").status()).as("authors have no queue").isEqualTo(403);

    Response editorPage = editor.open("/newsroom/articles/" + id);
    assertThat(editorPage.html().select("#review-state").text()).contains("Ready for review");
    Response back =
        editor.post(
            "/newsroom/articles/" + id + "/send-back",
            Map.of("note", "Name the plant and say how many workers."));
    assertThat(back.status()).isEqualTo(302);
    assertThat(editor.post("/newsroom/articles/" + id + "/send-back", Map.of("note", "")).status())
        .isEqualTo(400);

    Response authorPage = author.open("/newsroom/articles/" + id);
    assertThat(authorPage.html().select("#review-note").text())
        .isEqualTo("Name the plant and say how many workers.");
    form.put("body", "About 300 workers at the Kirov plant stopped at noon and nobody came.");
    form.put("version", String.valueOf(articles.get(id).version()));
    assertThat(author.postMultipart("/newsroom/articles/" + id, form).status()).isEqualTo(302);
    assertThat(articles.review(id).orElseThrow().isReady()).isTrue();

    Response compare = editor.get("/newsroom/articles/" + id + "/compare");
    assertThat(compare.status()).isEqualTo(200);
    assertThat(compare.html().select("pre.diff ins").text())
        .contains("About", "300 workers at the Kirov plant");
    assertThat(compare.html().select("pre.diff del").text()).contains("Workers");
    assertThat(compare.html().select("pre.diff del").text()).doesNotContain("noon");

    editor.open("/newsroom/articles/" + id);
    Map<String, Object> publish = new HashMap<>(form);
    publish.put("action", "publish");
    publish.put("version", String.valueOf(articles.get(id).version()));
    assertThat(editor.postMultipart("/newsroom/articles/" + id, publish).status()).isEqualTo(302);
    assertThat(articles.get(id).isLive()).isTrue();
    assertThat(articles.review(id)).as("out of the queue once published").isEmpty();
  }
}

package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.FilePart;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * A server without the converters (here switched off, as if libheif-examples and webp were not
 * installed): a phone's HEIC gets a 415 that says what to do, never a server error, and JPEG still
 * works, without WebP. A context of its own, on its own data directory and database.
 */
@TestPropertySource(properties = "samizdat.publishing.image-converters=false")
@ContextConfiguration(initializers = OwnDataDirectory.class)
class NoImageConvertersIT extends IntegrationTest {

  @Autowired Articles articles;

  @Test
  void aHeicIsRefusedWithA415SayingWhatToDoAndJpegStillWorks() throws Exception {
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    Map<String, Object> drop = new HashMap<>();
    drop.put(
        "file", new FilePart("IMG_4032.HEIC", "image/heic", PhoneImagesIT.fixture("phone.heic")));
    drop.put("alt", "A photo");
    Response refused = editor.postMultipart("/newsroom/media", drop);
    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.body())
        .contains("cannot read HEIC photos")
        .contains("export the photo as JPEG")
        .contains("libheif-examples");

    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", "HEIC hero " + UUID.randomUUID());
    f.put("body", "Text");
    f.put("heroAlt", "A photo");
    f.put("action", "save");
    f.put(
        "heroFile",
        new FilePart("IMG_4032.HEIC", "image/heic", PhoneImagesIT.fixture("phone.heic")));
    Response form = editor.postMultipart("/newsroom/articles", f);
    assertThat(form.status()).isEqualTo(415);
    assertThat(form.html().select(".error, .field-error").text())
        .contains("cannot read HEIC photos");

    f.put("heroFile", new FilePart("IMG_0001.jpg", "image/jpeg", MediaUploadIT.jpegWithGps()));
    Response saved = editor.postMultipart("/newsroom/articles", f);
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    Image hero = articles.get(Long.parseLong(saved.location().replaceAll(".*/", ""))).heroImage();
    assertThat(hero.webp()).isFalse();
    assertThat(hero.webpSrcset()).isEmpty();
    assertThat(client().get(hero.url(480)).status()).isEqualTo(200);
    assertThat(client().get(hero.webpUrl(480)).status()).isEqualTo(404);
  }
}

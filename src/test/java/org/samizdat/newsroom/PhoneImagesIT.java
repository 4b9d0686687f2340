package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.FilePart;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Photos as phones send them (HEIC, WebP) go through the same pipeline as JPEG: converted on the
 * server, stripped of every metadata block, stored at each width, and offered to readers as WebP
 * beside JPEG in one {@code <picture>} that is the same for everyone. Needs Debian's {@code
 * libheif-examples} and {@code webp} ({@code .ci/run} installs them).
 */
class PhoneImagesIT extends IntegrationTest {

  @Autowired Articles articles;
  @Autowired MediaLibrary media;
  @Autowired Taxonomy taxonomy;

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = PhoneImagesIT.class.getResourceAsStream("/media/" + name)) {
      return in.readAllBytes();
    }
  }

  private Image uploadInEditor(WebClient editor, String fileName, String type, byte[] bytes) {
    Map<String, Object> f = new HashMap<>();
    f.put("file", new FilePart(fileName, type, bytes));
    f.put("alt", "A white circle on orange");
    Response r = editor.postMultipart("/newsroom/media", f);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    long id = Long.parseLong(r.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    return media.find(id).orElseThrow();
  }

  /** Every stored width, as JPEG and as WebP: served with the right type, cached, metadata-free. */
  private void assertStoredCleanWithWebp(Image image, Integer... widths) throws Exception {
    assertThat(image.webp()).as("has WebP variants").isTrue();
    assertThat(image.widths())
        .containsExactly(widths.length == 0 ? new Integer[] {480, 960, 1000} : widths);
    for (int width : image.widths()) {
      for (String url : new String[] {image.url(width), image.webpUrl(width)}) {
        Response file = client().get(url);
        assertThat(file.status()).as(url).isEqualTo(200);
        assertThat(file.header("Content-Type"))
            .isEqualTo(url.endsWith(".webp") ? "image/webp" : "image/jpeg");
        assertThat(file.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
        Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(file.bytes()));
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).as(url).isNull();
        assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class)).as(url).isNull();
        assertThat(after.getFirstDirectoryOfType(XmpDirectory.class)).as(url).isNull();
        String raw = new String(file.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(raw).as(url).doesNotContain("Source Phone X").doesNotContain("Exif");
        if (url.endsWith(".webp")) {
          // RIFF chunks: only pixels (VP8/VP8L, ALPH, VP8X), never EXIF, XMP or ICCP.
          assertThat(raw.substring(12, 16)).isIn("VP8 ", "VP8L", "VP8X");
          assertThat(raw).doesNotContain("EXIF").doesNotContain("XMP ").doesNotContain("ICCP");
        } else {
          assertThat(ImageIO.read(new ByteArrayInputStream(file.bytes())).getWidth())
              .isEqualTo(width);
        }
      }
    }
  }

  @Test
  void aHeicPhotoFromAPhoneIsConvertedAndStrippedOfItsGpsPosition() throws Exception {
    byte[] heic = fixture("phone.heic");
    assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(heic)).toString())
        .isNotEmpty();
    assertThat(new String(heic, StandardCharsets.ISO_8859_1)).contains("Source Phone X");
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    // Browsers often send a HEIC with no type at all: the content decides, not the name or type.
    Image image = uploadInEditor(editor, "IMG_4032.HEIC", "application/octet-stream", heic);
    assertThat(image.contentType()).isEqualTo("image/jpeg");
    assertThat(image.width()).isEqualTo(1000);
    assertThat(image.height()).isEqualTo(750);
    assertStoredCleanWithWebp(image);
  }

  @Test
  void aWebpPhotoIsAcceptedAsAHeroImageAndStrippedOfItsExif() throws Exception {
    byte[] webp = fixture("phone.webp");
    assertThat(new String(webp, StandardCharsets.ISO_8859_1)).contains("Source Phone X");
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", "WebP hero " + UUID.randomUUID());
    f.put("body", "Text");
    f.put("heroAlt", "A white circle on orange");
    f.put("action", "save");
    f.put("heroFile", new FilePart("photo.webp", "image/webp", webp));
    Response r = editor.postMultipart("/newsroom/articles", f);
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    long id = Long.parseLong(r.location().replaceAll(".*/", ""));
    assertStoredCleanWithWebp(articles.get(id).heroImage());
  }

  @Test
  void readersGetWebpBesideJpegInOnePictureAndFeedsKeepPlainJpeg() throws Exception {
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    Image inline = uploadInEditor(editor, "IMG_4032.heic", "image/heic", fixture("phone.heic"));
    String headline = "Pictures " + UUID.randomUUID();
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", headline);
    f.put("body", "Before.\n\n![A white circle](" + inline.src() + ")\n\nAfter.");
    f.put("heroAlt", "An orange square");
    f.put("action", "publish");
    String unique = UUID.randomUUID().toString().substring(0, 8);
    f.put(
        "authorIds",
        String.valueOf(taxonomy.createAuthor("Photographer " + unique, "photo-" + unique, "")));
    f.put("heroFile", new FilePart("IMG_0001.jpg", "image/jpeg", MediaUploadIT.jpegWithGps()));
    Response r = editor.postMultipart("/newsroom/articles", f);
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    long id = Long.parseLong(r.location().replaceAll(".*/", ""));
    Image hero = articles.get(id).heroImage();
    assertThat(hero.widths()).containsExactly(480, 960, 1200);
    assertStoredCleanWithWebp(hero, 480, 960, 1200);

    Response page = client().get(articles.get(id).path(ZoneId.of("UTC")));
    assertThat(page.status()).isEqualTo(200);
    Document doc = page.html();
    Element heroPicture = doc.selectFirst("figure.hero picture");
    assertThat(heroPicture).as("the hero is a <picture>").isNotNull();
    Element heroSource = heroPicture.selectFirst("source[type=image/webp]");
    assertThat(heroSource.attr("srcset")).isEqualTo(hero.webpSrcset()).contains("-1200.webp 1200w");
    Element heroImg = heroPicture.selectFirst("img");
    assertThat(heroImg.attr("src")).endsWith(".jpg");
    assertThat(heroImg.attr("srcset")).isEqualTo(hero.srcset());
    assertThat(heroImg.attr("alt")).isEqualTo("An orange square");

    Element bodyPicture = doc.selectFirst(".article-body picture");
    assertThat(bodyPicture).as("the inline image is a <picture>").isNotNull();
    assertThat(bodyPicture.selectFirst("source[type=image/webp]").attr("srcset"))
        .isEqualTo(inline.webpSrcset());
    assertThat(bodyPicture.selectFirst("img").attr("srcset")).isEqualTo(inline.srcset());
    assertThat(bodyPicture.selectFirst("img").attr("alt")).isEqualTo("A white circle");
    // The same bytes for everyone: no Vary on Accept, the browser chooses.
    String vary = page.header("Vary") == null ? "" : page.header("Vary");
    assertThat(vary.split("\\s*,\\s*")).doesNotContain("Accept");

    Response feed = client().get("/feed.rss");
    assertThat(feed.status()).isEqualTo(200);
    assertThat(feed.body()).contains(headline).doesNotContain("<picture").doesNotContain(".webp");
  }
}

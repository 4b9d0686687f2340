package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.FilePart;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Photos uploaded in the editor: checked by content, and stored without the metadata that can
 * expose a source.
 */
class MediaUploadIT extends IntegrationTest {

  @Autowired Articles articles;
  @Autowired JdbcClient jdbc;

  static byte[] jpegWithGps() throws Exception {
    BufferedImage img = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 1200, 800);
    g.dispose();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", plain);
    TiffOutputSet exif = new TiffOutputSet();
    exif.setGpsInDegrees(37.6173, 55.7558);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, "Source Phone X");
    ByteArrayOutputStream tagged = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), tagged, exif);
    return tagged.toByteArray();
  }

  private Map<String, Object> form(String headline) {
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", headline);
    f.put("body", "Text");
    f.put("heroAlt", "An orange square");
    f.put("heroCaption", "Orange");
    f.put("action", "save");
    return f;
  }

  @Test
  void anUploadedPhotoLosesItsGpsPositionAndCameraBeforeAnythingIsStored() throws Exception {
    byte[] upload = jpegWithGps();
    Metadata before = ImageMetadataReader.readMetadata(new ByteArrayInputStream(upload));
    assertThat(before.getFirstDirectoryOfType(GpsDirectory.class))
        .as("the test photo carries GPS")
        .isNotNull();

    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    Map<String, Object> f = form("Photo " + UUID.randomUUID());
    f.put("heroFile", new FilePart("IMG_0001.jpg", "image/jpeg", upload));
    Response r = editor.postMultipart("/newsroom/articles", f);
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    long id = Long.parseLong(r.location().replaceAll(".*/", ""));
    Image hero = articles.get(id).heroImage();
    assertThat(hero.widths()).containsExactly(480, 960, 1200);
    assertThat(hero.altText()).isEqualTo("An orange square");

    for (int width : hero.widths()) {
      Response file = client().get(hero.url(width));
      assertThat(file.status()).isEqualTo(200);
      assertThat(file.header("Cache-Control")).contains("immutable");
      Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(file.bytes()));
      assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
      assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
      assertThat(new String(file.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain("Source Phone X");
      assertThat(ImageIO.read(new ByteArrayInputStream(file.bytes())).getWidth()).isEqualTo(width);
    }
  }

  @Test
  void aFileThatIsNotAnImageIsRefusedWhateverItsNameAndNothingIsStored() {
    long images = jdbc.sql("SELECT count(*) FROM media_image").query(Long.class).single();
    long all = jdbc.sql("SELECT count(*) FROM article").query(Long.class).single();
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    Map<String, Object> f = form("Fake photo " + UUID.randomUUID());
    f.put("heroFile", new FilePart("photo.jpg", "image/jpeg", "<?php echo 'hi'; ?>".getBytes()));
    Response r = editor.postMultipart("/newsroom/articles", f);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.html().select(".error").text()).contains("not a JPEG, PNG, WebP or HEIC image");
    assertThat(jdbc.sql("SELECT count(*) FROM media_image").query(Long.class).single())
        .isEqualTo(images);
    assertThat(jdbc.sql("SELECT count(*) FROM article").query(Long.class).single()).isEqualTo(all);
  }

  @Test
  void anUploadOverTheLimitGetsAClear413() {
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    Map<String, Object> f = form("Huge " + UUID.randomUUID());
    f.put("heroFile", new FilePart("huge.jpg", "image/jpeg", new byte[11 * 1024 * 1024]));
    Response r = editor.postMultipart("/newsroom/articles", f);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.html().select("h1").text()).isEqualTo("That upload is too large");
  }

  @Test
  void mediaNamesCannotEscapeTheMediaFolder() {
    assertThat(client().get("/media/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
    assertThat(client().get("/media/../application.properties").status()).isIn(400, 404);
    assertThat(client().get("/media/notakey-480.jpg").status()).isEqualTo(404);
  }
}

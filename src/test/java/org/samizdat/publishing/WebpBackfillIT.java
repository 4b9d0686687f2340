package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Images stored before WebP existed get their WebP variants from the back-fill. */
class WebpBackfillIT extends IntegrationTest {

  @Autowired MediaLibrary media;
  @Autowired WebpBackfill backfill;
  @Autowired JdbcClient jdbc;

  @Test
  void anOldImageWithoutWebpGetsItsVariantsAndIsThenOfferedAsWebp() throws Exception {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(1000, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", jpeg);
    Image stored = media.store(jpeg.toByteArray(), "Old photo");
    // As it was before this release: no WebP files, no flag.
    for (int w : stored.widths()) {
      Files.delete(media.file(stored.key() + "-" + w + ".webp").orElseThrow());
    }
    jdbc.sql("UPDATE media_image SET webp = FALSE WHERE id = :id")
        .param("id", stored.id())
        .update();
    assertThat(media.find(stored.id()).orElseThrow().webp()).isFalse();
    assertThat(client().get(stored.webpUrl(480)).status()).isEqualTo(404);

    backfill.run();

    Image after = media.find(stored.id()).orElseThrow();
    assertThat(after.webp()).isTrue();
    for (int w : after.widths()) {
      Path file = media.file(after.key() + "-" + w + ".webp").orElseThrow();
      byte[] bytes = Files.readAllBytes(file);
      assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("RIFF");
      assertThat(client().get(after.webpUrl(w)).header("Content-Type")).isEqualTo("image/webp");
    }
  }
}

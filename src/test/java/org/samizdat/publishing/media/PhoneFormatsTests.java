package org.samizdat.publishing.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HEIC/HEIF and WebP uploads, with and without the converters installed. */
class PhoneFormatsTests {

  private static final long MB = 1024 * 1024;

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = PhoneFormatsTests.class.getResourceAsStream("/media/" + name)) {
      return in.readAllBytes();
    }
  }

  private final ImageProcessor withoutTools =
      new ImageProcessor(10 * MB, 40_000_000, List.of(480, 960, 1600), ImageTools.none());

  private final ImageTools tools = ImageTools.fromPath(Duration.ofSeconds(30));

  @Test
  void withoutTheConverterAHeicIsRefusedWithWhatToDoNotAServerError() throws Exception {
    assertThatThrownBy(() -> withoutTools.process(fixture("phone.heic")))
        .isInstanceOf(UnsupportedImageException.class)
        .hasMessageContaining("cannot read HEIC photos")
        .hasMessageContaining("export the photo as JPEG")
        .hasMessageContaining("libheif-examples");
    assertThatThrownBy(() -> withoutTools.process(fixture("phone.webp")))
        .isInstanceOf(UnsupportedImageException.class)
        .hasMessageContaining("cannot read WebP photos");
  }

  @Test
  void withoutCwebpJpegStillWorksWithoutWebpVariants() throws Exception {
    ProcessedImage again = withoutTools.process(tinyJpeg());
    assertThat(again.webpVariants()).isEmpty();
    assertThat(again.variants()).isNotEmpty();
  }

  @Test
  void aHeifDeclaringAHugeImageIsRefusedBeforeTheConverterRuns() throws Exception {
    byte[] heic = fixture("phone.heic");
    int ispe = indexOf(heic, "ispe".getBytes(StandardCharsets.US_ASCII));
    assertThat(ispe).isPositive();
    byte[] bomb = Arrays.copyOf(heic, heic.length);
    writeInt(bomb, ispe + 8, 60_000);
    writeInt(bomb, ispe + 12, 60_000);
    // Refused on the header alone, before heif-convert would decode 3.6 gigapixels.
    assumeTrue(tools.readsHeif(), "heif-convert is not installed");
    ImageProcessor strict = new ImageProcessor(10 * MB, 40_000_000, List.of(480), tools);
    assertThatThrownBy(() -> strict.process(bomb))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("60000 × 60000 pixels");
  }

  @Test
  void anAnimatedWebpIsRefusedWithAClearMessage() throws Exception {
    assumeTrue(tools.readsWebp(), "dwebp is not installed");
    byte[] webp = fixture("phone.webp");
    assertThat(new String(webp, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("VP8X");
    byte[] animated = Arrays.copyOf(webp, webp.length);
    animated[20] |= 0x02;
    ImageProcessor processor = new ImageProcessor(10 * MB, 40_000_000, List.of(480), tools);
    assertThatThrownBy(() -> processor.process(animated))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage(ImageProcessor.ANIMATED);
  }

  @Test
  void aPngWithTransparencyKeepsItInItsWebpVariants() throws Exception {
    assumeTrue(tools.writesWebp(), "cwebp is not installed");
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(600, 400, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(new java.awt.Color(255, 0, 0, 128));
    g.fillRect(0, 0, 300, 400);
    g.dispose();
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", png);
    ProcessedImage processed =
        new ImageProcessor(10 * MB, 40_000_000, List.of(480), tools).process(png.toByteArray());
    assertThat(processed.contentType()).isEqualTo("image/png");
    assertThat(processed.webpVariants().keySet()).containsExactly(480, 600);
    String webp = new String(processed.webpVariants().get(480), StandardCharsets.ISO_8859_1);
    assertThat(webp).startsWith("RIFF").contains("WEBPVP8X").contains("ALPH");
  }

  @Test
  void aPhonesFullSizeOriginalGetsNoWebpOnlyTheWidthsPagesUse() throws Exception {
    assumeTrue(tools.writesWebp(), "cwebp is not installed");
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(2400, 1200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", jpeg);
    ProcessedImage processed =
        new ImageProcessor(10 * MB, 40_000_000, List.of(480, 960, 1600), tools)
            .process(jpeg.toByteArray());
    assertThat(processed.variants().keySet()).containsExactly(480, 960, 1600, 2400);
    assertThat(processed.webpVariants().keySet()).containsExactly(480, 960, 1600);
    org.samizdat.publishing.Image image =
        new org.samizdat.publishing.Image(
            1, "k", "image/jpeg", 2400, 1200, List.of(480, 960, 1600, 2400), "", true);
    assertThat(image.webpSrcset()).doesNotContain("2400").contains("-1600.webp 1600w");
  }

  private static byte[] tinyJpeg() throws IOException {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void writeInt(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}

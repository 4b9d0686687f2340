package org.samizdat.publishing.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.file.FileTypeDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jfif.JfifDirectory;
import com.drew.metadata.jpeg.HuffmanTablesDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcTypes;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageProcessorTests {

  private static final long MB = 1024 * 1024;

  private static final String SERIAL = "SN-4815162342";

  private static final String MODEL = "Nightjar X-Secret-Model";

  private static final String SECRET = "GPS 55.75,37.61 secret source";

  private final ImageProcessor processor =
      new ImageProcessor(10 * MB, 40_000_000, List.of(480, 960, 1600));

  // --- metadata stripping
  // -------------------------------------------------------------------------------

  @Test
  void jpegLosesExifGpsSerialXmpIptcIccCommentsAndTrailingBytesInEveryVariant() throws Exception {
    byte[] upload = jpegFullOfMetadata(photo(1200, 800));
    Metadata in = metadata(upload);
    // Prove the fixture really carries what we claim to strip, so this test can fail.
    assertThat(in.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation().getLatitude())
        .isCloseTo(55.7558, offset(1e-3));
    assertThat(
            in.getFirstDirectoryOfType(ExifIFD0Directory.class)
                .getString(ExifIFD0Directory.TAG_MODEL))
        .isEqualTo(MODEL);
    assertThat(
            in.getFirstDirectoryOfType(ExifSubIFDDirectory.class)
                .getString(ExifSubIFDDirectory.TAG_BODY_SERIAL_NUMBER))
        .isEqualTo(SERIAL);
    assertThat(in.containsDirectoryOfType(XmpDirectory.class)).isTrue();
    assertThat(in.containsDirectoryOfType(IptcDirectory.class)).isTrue();
    assertThat(in.containsDirectoryOfType(IccDirectory.class)).isTrue();
    assertThat(in.containsDirectoryOfType(JpegCommentDirectory.class)).isTrue();
    assertThat(contains(upload, "http://ns.adobe.com/xap")).isTrue();
    assertThat(contains(upload, "after-EOI")).isTrue();

    ProcessedImage out = processor.process(upload);

    assertThat(out.format()).isEqualTo("jpeg");
    assertThat(out.contentType()).isEqualTo("image/jpeg");
    assertThat(out.variants()).containsOnlyKeys(480, 960, 1200);
    out.variants()
        .forEach(
            (width, bytes) -> {
              Metadata m = metadata(bytes);
              for (Class<? extends Directory> leaky :
                  List.of(
                      GpsDirectory.class,
                      ExifIFD0Directory.class,
                      ExifSubIFDDirectory.class,
                      XmpDirectory.class,
                      IptcDirectory.class,
                      IccDirectory.class,
                      JpegCommentDirectory.class)) {
                assertThat(m.containsDirectoryOfType(leaky))
                    .as("%s in variant %d", leaky.getSimpleName(), width)
                    .isFalse();
              }
              // Allow-list: only what a bare JFIF encoder produces (catches metadata kinds not
              // listed above).
              assertThat(directoryTypes(m))
                  .as("variant %d", width)
                  .isSubsetOf(
                      JpegDirectory.class,
                      JfifDirectory.class,
                      HuffmanTablesDirectory.class,
                      FileTypeDirectory.class);
              assertThat(jpegMarkersBeforeScan(bytes))
                  .as("variant %d", width)
                  .containsExactly(0xD8, 0xE0, 0xDB, 0xC0, 0xC4, 0xDA);
              for (String leak :
                  List.of(
                      "Exif",
                      "http://ns.adobe.com/xap",
                      SERIAL,
                      MODEL,
                      "Jane Source",
                      "Lubyanka",
                      "ICC_PROFILE",
                      "Photoshop",
                      "after-EOI")) {
                assertThat(contains(bytes, leak)).as("'%s' in variant %d", leak, width).isFalse();
              }
              assertThat(endsWithEoi(bytes)).as("nothing after EOI in variant %d", width).isTrue();
            });
  }

  @Test
  void pngLosesTextAndExifChunksAndKeepsAlpha() throws Exception {
    BufferedImage image = photo(640, 400, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(10, 10, 0x00FFFFFF); // fully transparent
    image.setRGB(11, 10, 0x80FF0000); // half-transparent red
    byte[] upload =
        withPngChunks(
            png(image),
            pngChunk("tEXt", latin1("Comment\0" + SECRET)),
            pngChunk("iTXt", utf8("Description\0\0\0en\0\0" + SECRET + " iTXt")),
            pngChunk("zTXt", concat(latin1("Author\0\0"), deflate("Jane Source zTXt"))),
            pngChunk("eXIf", exifTiff(gpsSerialAndOrientation(1))));
    Metadata in = metadata(upload);
    assertThat(in.containsDirectoryOfType(GpsDirectory.class)).isTrue();
    assertThat(in.getDirectoriesOfType(PngDirectory.class))
        .anySatisfy(
            d ->
                assertThat(d.getDescription(PngDirectory.TAG_TEXTUAL_DATA))
                    .contains("secret source"));
    assertThat(contains(upload, SECRET)).isTrue();

    ProcessedImage out = processor.process(upload);

    assertThat(out.format()).isEqualTo("png");
    assertThat(out.contentType()).isEqualTo("image/png");
    assertThat(out.variants()).containsOnlyKeys(480, 640);
    out.variants()
        .forEach(
            (width, bytes) -> {
              assertThat(pngChunkTypes(bytes))
                  .as("variant %d", width)
                  .containsOnly("IHDR", "IDAT", "IEND");
              Metadata m = metadata(bytes);
              assertThat(directoryTypes(m)).isSubsetOf(PngDirectory.class, FileTypeDirectory.class);
              assertThat(m.getDirectoriesOfType(PngDirectory.class))
                  .allSatisfy(
                      d -> assertThat(d.containsTag(PngDirectory.TAG_TEXTUAL_DATA)).isFalse());
              for (String leak :
                  List.of(
                      "secret", "GPS", "Exif", "Jane", SERIAL, MODEL, "tEXt", "iTXt", "zTXt",
                      "eXIf")) {
                assertThat(contains(bytes, leak)).as("'%s' in variant %d", leak, width).isFalse();
              }
            });
    BufferedImage full = decode(out.variants().get(640));
    assertThat(full.getColorModel().hasAlpha()).isTrue();
    assertThat(full.getRGB(10, 10) >>> 24).isZero();
    assertThat(full.getRGB(11, 10)).isEqualTo(0x80FF0000);
    assertThat(full.getRGB(300, 200)).isEqualTo(image.getRGB(300, 200));
    assertThat(decode(out.variants().get(480)).getColorModel().hasAlpha()).isTrue();
  }

  @Test
  void palettePngKeepsItsTransparentIndex() throws Exception {
    IndexColorModel palette =
        new IndexColorModel(
            8,
            2,
            new byte[] {0, (byte) 255},
            new byte[] {0, 0},
            new byte[] {0, 0},
            0); // index 0 transparent, index 1 opaque red
    BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_INDEXED, palette);
    image.getRaster().setSample(5, 5, 0, 1);
    byte[] upload = png(image);
    assertThat(pngChunkTypes(upload)).contains("PLTE", "tRNS");

    BufferedImage out = decode(processor.process(upload).variants().get(40));

    assertThat(out.getRGB(5, 5)).isEqualTo(0xFFFF0000);
    assertThat(out.getRGB(20, 20) >>> 24).isZero();
  }

  // --- orientation
  // -----------------------------------------------------------------------------------------

  /** Stored 200x100 image: red in its top-left quadrant, blue in its top-right, white below. */
  @ParameterizedTest(name = "orientation {0} -> {1}x{2}, red {3}, blue {4}")
  @CsvSource({
    "1, 200, 100, TL, TR",
    "2, 200, 100, TR, TL",
    "3, 200, 100, BR, BL",
    "4, 200, 100, BL, BR",
    "5, 100, 200, TL, BL",
    "6, 100, 200, TR, BR",
    "7, 100, 200, BR, TR",
    "8, 100, 200, BL, TL"
  })
  void exifOrientationIsAppliedToPixelsBeforeMetadataIsDropped(
      int orientation, int width, int height, String red, String blue) throws Exception {
    byte[] upload = withExif(jpeg(quadrants()), gpsSerialAndOrientation(orientation));
    assertThat(
            metadata(upload)
                .getFirstDirectoryOfType(ExifIFD0Directory.class)
                .getInt(ExifIFD0Directory.TAG_ORIENTATION))
        .isEqualTo(orientation);

    ProcessedImage out = processor.process(upload);

    assertThat(out.width()).isEqualTo(width);
    assertThat(out.height()).isEqualTo(height);
    assertThat(out.variants()).containsOnlyKeys(width);
    BufferedImage result = decode(out.variants().get(width));
    assertThat(result.getWidth()).isEqualTo(width);
    assertThat(result.getHeight()).isEqualTo(height);
    assertThat(colourAt(result, red)).isEqualTo("red");
    assertThat(colourAt(result, blue)).isEqualTo("blue");
    assertThat(metadata(out.variants().get(width)).containsDirectoryOfType(ExifIFD0Directory.class))
        .isFalse();
  }

  @Test
  void pngOrientationFromExifChunkIsApplied() throws Exception {
    BufferedImage stored = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
    byte[] upload =
        withPngChunks(png(stored), pngChunk("eXIf", exifTiff(gpsSerialAndOrientation(6))));

    ProcessedImage out = processor.process(upload);

    assertThat(out.width()).isEqualTo(100);
    assertThat(out.height()).isEqualTo(200);
  }

  // --- variants
  // --------------------------------------------------------------------------------------------

  @Test
  void wideImageGetsEveryConfiguredSmallerWidthPlusItsOwn() throws Exception {
    ProcessedImage out = processor.process(jpeg(photo(2000, 1333)));

    assertThat(out.width()).isEqualTo(2000);
    assertThat(out.height()).isEqualTo(1333);
    assertThat(out.variants()).containsOnlyKeys(480, 960, 1600, 2000);
    out.variants()
        .forEach(
            (width, bytes) -> {
              BufferedImage decoded = decode(bytes);
              assertThat(decoded.getWidth()).isEqualTo(width);
              assertThat(decoded.getHeight()).isEqualTo(Math.round(1333f * width / 2000));
            });
  }

  @Test
  void smallImageIsNeverUpscaled() throws Exception {
    ProcessedImage out = processor.process(jpeg(photo(300, 200)));

    assertThat(out.variants()).containsOnlyKeys(300);
    assertThat(decode(out.variants().get(300)).getWidth()).isEqualTo(300);
  }

  @Test
  void imageExactlyAtAConfiguredWidthIsNotDuplicated() throws Exception {
    assertThat(processor.process(jpeg(photo(960, 640))).variants()).containsOnlyKeys(480, 960);
  }

  @Test
  void downscalingAveragesFineDetailInsteadOfAliasing() throws Exception {
    // 1px black/white stripes: a naive resize turns these into solid black, white or moiré.
    BufferedImage stripes = new BufferedImage(2000, 200, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 2000; x++) {
      for (int y = 0; y < 200; y++) {
        stripes.setRGB(x, y, (x % 2 == 0) ? 0x000000 : 0xFFFFFF);
      }
    }
    ProcessedImage out = processor.process(png(stripes));

    for (int width : List.of(480, 960)) {
      BufferedImage small = decode(out.variants().get(width));
      for (int x = 2; x < width - 2; x++) {
        assertThat(small.getRGB(x, small.getHeight() / 2) & 0xFF)
            .as("x=%d in %d", x, width)
            .isBetween(118, 138);
      }
    }
  }

  @Test
  void grayscaleJpegKeepsItsTones() throws Exception {
    BufferedImage gray = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = gray.createGraphics();
    g.setColor(new Color(100, 100, 100));
    g.fillRect(0, 0, 64, 64);
    g.dispose();

    BufferedImage out = decode(processor.process(jpeg(gray)).variants().get(64));

    int rgb = out.getRGB(32, 32);
    assertThat(List.of(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF))
        .allSatisfy(c -> assertThat(c).isBetween(97, 103));
  }

  @Test
  void cmykJpegFromPrintWorkflowsBecomesRgb() throws Exception {
    // Four-channel JPEG as Photoshop writes CMYK (inverted: 0 = full ink): full cyan, no
    // magenta/yellow/black.
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
    for (int x = 0; x < 32; x++) {
      for (int y = 0; y < 32; y++) {
        cmyk.setPixel(x, y, new int[] {0, 255, 255, 255});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream upload = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(upload)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(cmyk, null, null), null);
    }
    writer.dispose();

    byte[] result = processor.process(upload.toByteArray()).variants().get(32);

    assertThat(
            metadata(result).getFirstDirectoryOfType(JpegDirectory.class).getNumberOfComponents())
        .isEqualTo(3);
    Color c = new Color(decode(result).getRGB(16, 16));
    assertThat(c.getRed()).isLessThan(40);
    assertThat(c.getGreen()).isGreaterThan(215);
    assertThat(c.getBlue()).isGreaterThan(215);
  }

  @Test
  void embeddedColourProfileIsAppliedBeforeItIsDropped() throws Exception {
    BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grey.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    // Same bytes, but declared as linear RGB: 128 linear is about 188 in sRGB.
    byte[] upload =
        insertAfterApp0(
            jpeg(grey),
            0xE2,
            concat(
                latin1("ICC_PROFILE\0"),
                new byte[] {1, 1},
                ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData()));

    byte[] result = processor.process(upload).variants().get(32);

    assertThat(metadata(result).containsDirectoryOfType(IccDirectory.class)).isFalse();
    assertThat(decode(result).getRGB(16, 16) & 0xFF).isBetween(183, 193);
  }

  // --- rejections
  // ------------------------------------------------------------------------------------------

  @Test
  void textIsRejected() {
    assertRejected(
        utf8("Dear editor, please find the leaked memo attached."),
        "not a JPEG, PNG, WebP or HEIC image");
  }

  @Test
  void gifIsRejectedEvenThoughItIsAnImage() throws Exception {
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    ImageIO.write(photo(50, 50), "gif", gif);
    assertRejected(gif.toByteArray(), "not a JPEG, PNG, WebP or HEIC image");
  }

  @Test
  void pdfIsRejected() {
    assertRejected(
        latin1("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"),
        "not a JPEG, PNG, WebP or HEIC image");
  }

  @Test
  void pngSignatureFollowedByGarbageIsRejected() {
    byte[] garbage = new byte[500];
    new Random(42).nextBytes(garbage);
    assertRejected(concat(Arrays.copyOf(png(photo(10, 10)), 8), garbage), "damaged or incomplete");
  }

  @Test
  void truncatedJpegIsRejected() {
    byte[] jpeg = jpeg(photo(400, 300));
    assertRejected(Arrays.copyOf(jpeg, jpeg.length / 2), "damaged or incomplete");
  }

  @Test
  void jpegMissingOnlyItsEndMarkerIsRejected() {
    byte[] jpeg = jpeg(photo(400, 300));
    assertRejected(Arrays.copyOf(jpeg, jpeg.length - 2), "damaged or incomplete");
  }

  @Test
  void truncatedPngIsRejected() {
    byte[] png = png(photo(400, 300));
    assertRejected(Arrays.copyOf(png, png.length / 2), "damaged or incomplete");
  }

  @Test
  void bareJpegSignatureIsRejected() {
    assertRejected(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, "damaged or incomplete");
  }

  @Test
  void emptyUploadIsRejected() {
    assertRejected(new byte[0], "The file is empty.");
  }

  @Test
  void oversizedUploadIsRejectedWithHumanReadableSizes() {
    assertRejected(new byte[(int) (12.3 * MB)], "The image is 12.3 MB; the limit is 10 MB.");
  }

  @Test
  void sizeLimitIsCheckedBeforeContent() {
    ImageProcessor tiny = new ImageProcessor(1000, 40_000_000, List.of(480));
    assertThatThrownBy(() -> tiny.process(new byte[1536]))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage("The image is 1.5 KB; the limit is 1000 bytes.");
  }

  @Test
  void pngDecompressionBombIsRejectedFromItsHeaderAlone() {
    // A few dozen bytes claiming 30000x30000 (3.6 GB decoded) and no pixel data at all: if we tried
    // to decode
    // it we would report it as damaged instead.
    byte[] bomb =
        concat(
            Arrays.copyOf(png(photo(1, 1)), 8),
            pngChunk(
                "IHDR",
                ByteBuffer.allocate(13)
                    .putInt(30_000)
                    .putInt(30_000)
                    .put((byte) 8)
                    .put((byte) 6)
                    .put((byte) 0)
                    .put((byte) 0)
                    .put((byte) 0)
                    .array()),
            pngChunk("IEND", new byte[0]));
    assertRejected(bomb, "The image is 30000 × 30000 pixels; the limit is 40 megapixels.");
  }

  @Test
  void jpegDecompressionBombIsRejectedFromItsHeaderAlone() {
    byte[] bomb = jpeg(photo(16, 16));
    int sof = indexOf(bomb, new byte[] {(byte) 0xFF, (byte) 0xC0});
    ByteBuffer.wrap(bomb, sof + 5, 4).putShort((short) 60_000).putShort((short) 60_000);
    assertRejected(bomb, "The image is 60000 × 60000 pixels; the limit is 40 megapixels.");
  }

  @Test
  void pixelLimitAppliesToOrdinaryImagesToo() {
    ImageProcessor strict = new ImageProcessor(10 * MB, 10_000, List.of(480));
    assertThatThrownBy(() -> strict.process(jpeg(photo(200, 100))))
        .isInstanceOf(InvalidImageException.class)
        .hasMessage("The image is 200 × 100 pixels; the limit is 10,000 pixels.");
  }

  private void assertRejected(byte[] upload, String message) {
    assertThatThrownBy(() -> processor.process(upload))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(message);
  }

  // --- fixtures
  // --------------------------------------------------------------------------------------------

  private static BufferedImage photo(int width, int height) {
    return photo(width, height, BufferedImage.TYPE_INT_RGB);
  }

  private static BufferedImage photo(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setPaint(
        new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(240, 200, 80)));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(Math.max(1, width / 100f)));
    g.drawOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  private static BufferedImage quadrants() {
    BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 100);
    g.setColor(Color.RED);
    g.fillRect(0, 0, 100, 50);
    g.setColor(Color.BLUE);
    g.fillRect(100, 0, 100, 50);
    g.dispose();
    return image;
  }

  private static String colourAt(BufferedImage image, String quadrant) {
    int x = image.getWidth() * (quadrant.charAt(1) == 'L' ? 1 : 3) / 4;
    int y = image.getHeight() * (quadrant.charAt(0) == 'T' ? 1 : 3) / 4;
    Color c = new Color(image.getRGB(x, y));
    if (c.getRed() > 200 && c.getGreen() < 60 && c.getBlue() < 60) {
      return "red";
    }
    if (c.getBlue() > 200 && c.getRed() < 60 && c.getGreen() < 60) {
      return "blue";
    }
    return c.toString();
  }

  private static TiffOutputSet gpsSerialAndOrientation(int orientation) throws Exception {
    TiffOutputSet set = new TiffOutputSet();
    set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, "Nightjar");
    set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, MODEL);
    set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
    set.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER, SERIAL);
    set.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_CAMERA_OWNER_NAME, "Jane Source");
    set.setGpsInDegrees(37.6173, 55.7558); // longitude, latitude
    return set;
  }

  private static byte[] jpegFullOfMetadata(BufferedImage image) throws Exception {
    byte[] jpeg = withExif(jpeg(image), gpsSerialAndOrientation(1));
    ByteArrayOutputStream xmp = new ByteArrayOutputStream();
    new JpegXmpRewriter()
        .updateXmpXml(
            jpeg,
            xmp,
            """
				<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
				<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
				 photoshop:City="Lubyanka" photoshop:Credit="Jane Source"/></rdf:RDF></x:xmpmeta>""");
    ByteArrayOutputStream iptc = new ByteArrayOutputStream();
    new JpegIptcRewriter()
        .writeIptc(
            xmp.toByteArray(),
            iptc,
            new PhotoshopApp13Data(
                List.of(new IptcRecord(IptcTypes.BYLINE, "Jane Source")), List.of()));
    byte[] withIcc =
        insertAfterApp0(
            iptc.toByteArray(),
            0xE2,
            concat(
                latin1("ICC_PROFILE\0"),
                new byte[] {1, 1},
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
    byte[] withComment =
        insertAfterApp0(withIcc, 0xFE, latin1("Shot near Lubyanka, source: Jane Source"));
    return concat(withComment, latin1("after-EOI: Jane Source")); // polyglot-style trailing bytes
  }

  private static byte[] withExif(byte[] jpeg, TiffOutputSet exif) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
    return out.toByteArray();
  }

  /**
   * The TIFF structure commons-imaging writes into a JPEG's Exif APP1, reused as a PNG eXIf chunk.
   */
  private static byte[] exifTiff(TiffOutputSet exif) throws Exception {
    byte[] jpeg = withExif(jpeg(photo(8, 8)), exif);
    int app1 = indexOf(jpeg, latin1("Exif\0\0"));
    int length = ((jpeg[app1 - 2] & 0xFF) << 8 | (jpeg[app1 - 1] & 0xFF)) - 2;
    return Arrays.copyOfRange(jpeg, app1 + 6, app1 + length);
  }

  private static byte[] insertAfterApp0(byte[] jpeg, int marker, byte[] payload) {
    int at = 2 + 2 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF)); // SOI + JFIF APP0 come first
    byte[] segment =
        concat(
            new byte[] {
              (byte) 0xFF,
              (byte) marker,
              (byte) ((payload.length + 2) >> 8),
              (byte) (payload.length + 2)
            },
            payload);
    return concat(Arrays.copyOf(jpeg, at), segment, Arrays.copyOfRange(jpeg, at, jpeg.length));
  }

  private static byte[] pngChunk(String type, byte[] data) {
    byte[] typeAndData = concat(latin1(type), data);
    CRC32 crc = new CRC32();
    crc.update(typeAndData);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeAndData)
        .putInt((int) crc.getValue())
        .array();
  }

  /** Splices chunks in right after IHDR (signature 8 bytes + IHDR chunk 25 bytes). */
  private static byte[] withPngChunks(byte[] png, byte[]... chunks) {
    return concat(Arrays.copyOf(png, 33), concat(chunks), Arrays.copyOfRange(png, 33, png.length));
  }

  private static byte[] jpeg(BufferedImage image) {
    return write(image, "jpeg");
  }

  private static byte[] png(BufferedImage image) {
    return write(image, "png");
  }

  private static byte[] write(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(ImageIO.write(image, format, out)).isTrue();
      return out.toByteArray();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      assertThat(image).as("decodable").isNotNull();
      return image;
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static Metadata metadata(byte[] bytes) {
    try {
      return ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static Set<Class<?>> directoryTypes(Metadata metadata) {
    Set<Class<?>> types = new HashSet<>();
    metadata.getDirectories().forEach(d -> types.add(d.getClass()));
    return types;
  }

  /** JPEG marker codes from SOI up to and including the first SOS. */
  private static List<Integer> jpegMarkersBeforeScan(byte[] b) {
    List<Integer> markers = new ArrayList<>(List.of(b[1] & 0xFF));
    for (int i = 2; i + 4 <= b.length; i += 2 + ((b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF))) {
      int marker = b[i + 1] & 0xFF;
      if (markers.get(markers.size() - 1) != marker) {
        markers.add(marker); // collapse repeats (several DQT/DHT segments)
      }
      if (marker == 0xDA) {
        break;
      }
    }
    return markers;
  }

  private static boolean endsWithEoi(byte[] b) {
    return (b[b.length - 2] & 0xFF) == 0xFF && (b[b.length - 1] & 0xFF) == 0xD9;
  }

  private static List<String> pngChunkTypes(byte[] b) {
    List<String> types = new ArrayList<>();
    for (int i = 8; i + 8 <= b.length; i += 12 + ByteBuffer.wrap(b, i, 4).getInt()) {
      types.add(new String(b, i + 4, 4, StandardCharsets.US_ASCII));
    }
    return types;
  }

  private static boolean contains(byte[] haystack, String needle) {
    return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] deflate(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
      deflater.write(latin1(text));
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package org.samizdat.publishing.media;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.StreamReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.samizdat.publishing.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded photo (JPEG, PNG, and with {@link ImageTools} also WebP and HEIC/HEIF) into
 * metadata-free JPEG or PNG renditions, each width also as WebP when cwebp is there.
 *
 * <p>Metadata (EXIF/GPS, camera serials, XMP, IPTC, ICC, comments, PNG text chunks, trailing bytes)
 * can identify a journalist's source, so nothing from the upload is copied: pixels are decoded,
 * turned upright, and re-encoded by a fresh writer with no metadata. Every encoded result is
 * checked again before it is returned.
 *
 * <p>Stateless and thread-safe. Each call holds the decoded image (up to {@code maxPixels} × 4
 * bytes) twice at its peak.
 */
public final class ImageProcessor {

  static final String NOT_JPEG_OR_PNG = "This file is not a JPEG, PNG, WebP or HEIC image.";

  static final String ANIMATED =
      "This WebP is animated; upload a still image (a JPEG, PNG, WebP or HEIC photo).";

  private static final Logger log = LoggerFactory.getLogger(ImageProcessor.class);

  private static final int WEBP_QUALITY = 80;

  private static final Set<String> HEIF_BRANDS =
      Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis");

  /** A WebP we write holds only these chunks: pixels, alpha, and the header naming them. */
  private static final Set<String> PIXEL_ONLY_WEBP_CHUNKS = Set.of("VP8 ", "VP8L", "VP8X", "ALPH");

  static final String DAMAGED =
      "This image could not be read: it may be damaged or incomplete. "
          + "Please export it again as a JPEG or PNG and upload that.";

  private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private static final float JPEG_QUALITY = 0.85f;

  /**
   * Everything the PNG writer needs to draw pixels; anything else (tEXt, iTXt, zTXt, eXIf, iCCP,
   * tIME...) is refused.
   */
  private static final Set<String> PIXEL_ONLY_PNG_CHUNKS =
      Set.of("IHDR", "PLTE", "tRNS", "IDAT", "IEND");

  private enum Format {
    JPEG("jpeg", "image/jpeg", BufferedImage.TYPE_INT_RGB),
    PNG("png", "image/png", BufferedImage.TYPE_INT_ARGB);

    final String name;

    final String contentType;

    final int imageType;

    Format(String name, String contentType, int imageType) {
      this.name = name;
      this.contentType = contentType;
      this.imageType = imageType;
    }
  }

  private final long maxBytes;

  private final int maxPixels;

  private final NavigableSet<Integer> widths;

  private final ImageTools tools;

  /** JPEG and PNG only, no WebP variants. */
  public ImageProcessor(long maxBytes, int maxPixels, List<Integer> widths) {
    this(maxBytes, maxPixels, widths, ImageTools.none());
  }

  /**
   * With {@code tools}, HEIC/HEIF and WebP uploads are read too, and every width also gets a WebP
   * variant.
   */
  public ImageProcessor(long maxBytes, int maxPixels, List<Integer> widths, ImageTools tools) {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("maxBytes and maxPixels must be positive");
    }
    if (widths.stream().anyMatch(w -> w <= 0)) {
      throw new IllegalArgumentException("widths must be positive: " + widths);
    }
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
    this.widths = Collections.unmodifiableNavigableSet(new TreeSet<>(widths));
    this.tools = tools;
  }

  /**
   * Validates by CONTENT (magic bytes + ImageIO reader), never by filename or declared content
   * type.
   */
  public ProcessedImage process(byte[] upload) throws InvalidImageException {
    if (upload == null || upload.length == 0) {
      throw new InvalidImageException("The file is empty.");
    }
    if (upload.length > maxBytes) {
      throw new InvalidImageException(
          "The image is %s; the limit is %s."
              .formatted(
                  size(upload.length, RoundingMode.CEILING), size(maxBytes, RoundingMode.HALF_UP)));
    }
    BufferedImage level;
    Format format;
    if (startsWith(upload, 0, JPEG_MAGIC) || startsWith(upload, 0, PNG_MAGIC)) {
      format = startsWith(upload, 0, JPEG_MAGIC) ? Format.JPEG : Format.PNG;
      // One expression so the decoded (pre-rotation) copy is garbage as soon as the upright copy
      // exists.
      level = upright(decode(upload, format), orientation(upload, format), format.imageType);
    } else if (isWebp(upload) || isHeif(upload)) {
      // Phones' formats: a converter turns them into a PNG (upright: libheif applies the HEIF
      // rotation itself, and WebP has none that browsers honour), which is decoded like any PNG
      // upload. Whatever metadata the converter copied into that PNG is never read nor kept.
      BufferedImage decoded = decode(converted(upload), Format.PNG);
      format = decoded.getColorModel().hasAlpha() ? Format.PNG : Format.JPEG;
      level = upright(decoded, 1, format.imageType);
    } else {
      throw new InvalidImageException(NOT_JPEG_OR_PNG);
    }
    int width = level.getWidth();
    int height = level.getHeight();

    SortedMap<Integer, byte[]> variants = new TreeMap<>();
    SortedMap<Integer, byte[]> webp = new TreeMap<>();
    boolean withWebp = tools.writesWebp();
    int smallest = widths.headSet(width, false).isEmpty() ? width : widths.first();
    variants.put(width, encode(level, format));
    if (Image.hasWebp(width, smallest)) {
      withWebp = withWebp && addWebp(webp, width, level);
    }
    // Largest first, walking down one halving pyramid: only the current level is kept, never the
    // whole chain.
    for (int w : widths.headSet(width, false).descendingSet()) {
      // Halve while more than 2x too big: one big bicubic step samples only 4x4 source pixels and
      // aliases.
      while (level.getWidth() / 2 > w) {
        level = resize(level, level.getWidth() / 2, Math.max(1, level.getHeight() / 2));
      }
      int h = Math.max(1, (int) Math.round((double) height * w / width));
      BufferedImage resized = resize(level, w, h);
      variants.put(w, encode(resized, format));
      if (Image.hasWebp(w, smallest)) {
        withWebp = withWebp && addWebp(webp, w, resized);
      }
    }
    return new ProcessedImage(
        format.name,
        format.contentType,
        width,
        height,
        variants,
        withWebp ? webp : new TreeMap<>());
  }

  /**
   * Encodes one WebP variant; false (and a log line) when cwebp fails, so the image is stored
   * without WebP rather than refused: JPEG and PNG are what every browser reads anyway.
   */
  private boolean addWebp(SortedMap<Integer, byte[]> webp, int width, BufferedImage image) {
    try {
      boolean alpha = image.getColorModel().hasAlpha();
      byte[] encoded = tools.toWebp(netpbm(image), alpha ? ".pam" : ".ppm", WEBP_QUALITY);
      requireWebpPixelsOnly(encoded);
      webp.put(width, encoded);
      return true;
    } catch (IOException e) {
      log.warn(
          "Stored an image without its WebP variants: cwebp could not encode it ({}). Readers get"
              + " JPEG or PNG instead; check that the Debian package webp works.",
          e.getMessage());
      return false;
    }
  }

  /**
   * Raw pixels in the simplest format cwebp reads: PPM (RGB) or PAM (RGBA). No metadata exists
   * there.
   */
  private static byte[] netpbm(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    boolean alpha = image.getColorModel().hasAlpha();
    String header =
        alpha
            ? "P7\nWIDTH %d\nHEIGHT %d\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n"
                .formatted(w, h)
            : "P6\n%d %d\n255\n".formatted(w, h);
    byte[] head = header.getBytes(StandardCharsets.US_ASCII);
    int channels = alpha ? 4 : 3;
    byte[] out = new byte[head.length + w * h * channels];
    System.arraycopy(head, 0, out, 0, head.length);
    int[] row = new int[w];
    int i = head.length;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int argb : row) {
        out[i++] = (byte) (argb >> 16);
        out[i++] = (byte) (argb >> 8);
        out[i++] = (byte) argb;
        if (alpha) {
          out[i++] = (byte) (argb >>> 24);
        }
      }
    }
    return out;
  }

  /** A phone's WebP or HEIC as PNG bytes, after the size checks that need no decoding. */
  private byte[] converted(byte[] upload) throws InvalidImageException {
    boolean webp = isWebp(upload);
    if (webp ? !tools.readsWebp() : !tools.readsHeif()) {
      throw new UnsupportedImageException(
          "This server cannot read %s photos yet: export the photo as JPEG and upload that, or ask"
                  .formatted(webp ? "WebP" : "HEIC")
              + " the site's operator to "
              + ImageTools.INSTALL_HINT
              + ".");
    }
    long[] size = webp ? webpSize(upload) : heifSize(upload);
    if (size[0] * size[1] > maxPixels) {
      throw new InvalidImageException(
          "The image is %d × %d pixels; the limit is %s."
              .formatted(size[0], size[1], pixels(maxPixels)));
    }
    try {
      return webp ? tools.webpToPng(upload) : tools.heifToPng(upload);
    } catch (IOException e) {
      log.info("An uploaded {} was refused: {}", webp ? "WebP" : "HEIC", e.getMessage());
      InvalidImageException invalid = new InvalidImageException(DAMAGED);
      invalid.initCause(e);
      throw invalid;
    }
  }

  private static boolean isWebp(byte[] b) {
    return b.length >= 30 && startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"));
  }

  private static boolean isHeif(byte[] b) {
    if (b.length < 16 || !startsWith(b, 4, ascii("ftyp"))) {
      return false;
    }
    int boxSize = (int) Math.min(readInt(b, 0) & 0xFFFFFFFFL, Math.min(b.length, 256));
    if (HEIF_BRANDS.contains(new String(b, 8, 4, StandardCharsets.US_ASCII))) {
      return true;
    }
    for (int i = 16; i + 4 <= boxSize; i += 4) {
      if (HEIF_BRANDS.contains(new String(b, i, 4, StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  /** Width and height from the WebP header (VP8X canvas, or the VP8/VP8L frame). */
  private static long[] webpSize(byte[] b) throws InvalidImageException {
    String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
    int d = 20;
    switch (chunk) {
      case "VP8X" -> {
        if ((b[d] & 0x02) != 0) {
          throw new InvalidImageException(ANIMATED);
        }
        return new long[] {1 + readLe24(b, d + 4), 1 + readLe24(b, d + 7)};
      }
      case "VP8 " -> {
        if ((b[d + 3] & 0xFF) == 0x9D && (b[d + 4] & 0xFF) == 0x01 && (b[d + 5] & 0xFF) == 0x2A) {
          return new long[] {readLe16(b, d + 6) & 0x3FFF, readLe16(b, d + 8) & 0x3FFF};
        }
      }
      case "VP8L" -> {
        if ((b[d] & 0xFF) == 0x2F) {
          long bits = readLe16(b, d + 1) | ((long) readLe16(b, d + 3) << 16);
          return new long[] {1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)};
        }
      }
      default -> {}
    }
    throw new InvalidImageException(DAMAGED);
  }

  /**
   * The largest image size ({@code ispe} property) the HEIF's {@code meta} box declares, read
   * before anything is decoded so a "bomb" is refused without running the converter.
   */
  private static long[] heifSize(byte[] b) throws InvalidImageException {
    long pos = 0;
    while (pos + 8 <= b.length) {
      long size = readInt(b, (int) pos) & 0xFFFFFFFFL;
      String type = new String(b, (int) pos + 4, 4, StandardCharsets.US_ASCII);
      int header = 8;
      if (size == 1 && pos + 16 <= b.length) {
        size =
            ((readInt(b, (int) pos + 8) & 0xFFFFFFFFL) << 32)
                | (readInt(b, (int) pos + 12) & 0xFFFFFFFFL);
        header = 16;
      } else if (size == 0) {
        size = b.length - pos;
      }
      if (size < header) {
        break;
      }
      if (type.equals("meta")) {
        int end = (int) Math.min(b.length, pos + size);
        long[] largest = null;
        byte[] ispe = ascii("ispe");
        for (int i = (int) pos + header; i + 16 <= end; i++) {
          if (startsWith(b, i, ispe)) {
            long w = readInt(b, i + 8) & 0xFFFFFFFFL;
            long h = readInt(b, i + 12) & 0xFFFFFFFFL;
            if (largest == null || w * h > largest[0] * largest[1]) {
              largest = new long[] {w, h};
            }
          }
        }
        if (largest != null && largest[0] > 0 && largest[1] > 0) {
          return largest;
        }
        break;
      }
      pos += size;
    }
    throw new InvalidImageException(DAMAGED);
  }

  private BufferedImage decode(byte[] upload, Format format) throws InvalidImageException {
    // By format name, not by sniffing: we already know what the bytes must be.
    ImageReader reader = ImageIO.getImageReadersByFormatName(format.name).next();
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
      reader.setInput(in, true, true); // ignoreMetadata: we never use it, so don't parse it
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      // Header only, no pixels yet: a 30000 x 30000 "bomb" is a few KB on disk but gigabytes
      // decoded.
      long w = reader.getWidth(0);
      long h = reader.getHeight(0);
      if (w * h > maxPixels) {
        throw new InvalidImageException(
            "The image is %d × %d pixels; the limit is %s.".formatted(w, h, pixels(maxPixels)));
      }
      BufferedImage decoded = reader.read(0);
      // The JDK JPEG reader "succeeds" on truncated files (grey-filling the rest) and only warns.
      if (!warnings.isEmpty()) {
        throw new InvalidImageException(DAMAGED);
      }
      return decoded;
    } catch (IOException
        | RuntimeException ex) { // decoders throw all sorts of runtime exceptions on bad input
      InvalidImageException invalid = new InvalidImageException(DAMAGED);
      invalid.initCause(ex);
      throw invalid;
    } finally {
      reader.dispose();
    }
  }

  /**
   * EXIF orientation 1-8, or 1 if absent/unreadable: odd metadata is no reason to refuse a photo
   * that decodes.
   */
  private static int orientation(byte[] upload, Format format) {
    try (InputStream in = new ByteArrayInputStream(upload)) {
      // Parse only the EXIF block: less untrusted-input surface, and no inflating of zTXt/iTXt/iCCP
      // "bombs".
      Metadata metadata =
          (format == Format.JPEG)
              ? JpegMetadataReader.readMetadata(in, List.of(new ExifReader()))
              : new Metadata();
      if (format == Format.PNG) {
        for (PngChunk exif :
            new PngChunkReader().extract(new StreamReader(in), Set.of(PngChunkType.eXIf))) {
          new ExifReader().extract(new ByteArrayReader(exif.getBytes()), metadata, 0);
        }
      }
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
        int orientation = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
        return (orientation >= 1 && orientation <= 8) ? orientation : 1;
      }
    } catch (ImageProcessingException | MetadataException | IOException | RuntimeException ex) {
      // fall through
    }
    return 1;
  }

  /** Applies the EXIF orientation and converts to {@code type} in a single copy. */
  private static BufferedImage upright(BufferedImage src, int orientation, int type) {
    if (orientation == 1 && src.getType() == type) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    // Maps stored pixel (x, y) to displayed position; AffineTransform(m00, m10, m01, m11, m02,
    // m12).
    AffineTransform transform =
        switch (orientation) {
          case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirror horizontal
          case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // rotate 180
          case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirror vertical
          case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transpose
          case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // rotate 90 CW
          case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transverse
          case 8 -> new AffineTransform(0, -1, 1, 0, 0, w); // rotate 90 CCW
          default -> new AffineTransform();
        };
    boolean swap = orientation >= 5;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, type);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      if (out.getColorModel().hasAlpha()) {
        g.setComposite(AlphaComposite.Src); // copy alpha as-is
      } else {
        // JPEG has no alpha: flatten any transparency onto white rather than black.
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
      }
      g.drawImage(src, transform, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage resize(BufferedImage src, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, src.getType());
    Graphics2D g = out.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(
          RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
      g.drawImage(src, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage image, Format format) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format.name).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == Format.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
      }
      // null stream + image metadata: the writer emits only its own minimal headers (JFIF APP0 /
      // IHDR).
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException ex) {
      throw new UncheckedIOException(
          "Could not encode " + format.name, ex); // in-memory: a bug, not bad input
    } finally {
      writer.dispose();
    }
    byte[] encoded = bytes.toByteArray();
    requirePixelsOnly(encoded, format);
    return encoded;
  }

  /**
   * Belt and braces: re-read what the writer produced and fail loudly if it carries anything but
   * pixels, e.g. because a different ImageIO plugin ended up on the classpath.
   */
  private static void requirePixelsOnly(byte[] b, Format format) {
    if (format == Format.PNG) {
      for (int i = PNG_MAGIC.length; i + 8 <= b.length; i += 12 + readInt(b, i)) {
        String chunk = new String(b, i + 4, 4, StandardCharsets.US_ASCII);
        if (!PIXEL_ONLY_PNG_CHUNKS.contains(chunk)) {
          throw new IllegalStateException("PNG encoder wrote a " + chunk + " chunk");
        }
      }
      return;
    }
    // JPEG: APPn/COM segments sit before the scan; our writer produces a single baseline scan.
    for (int i = 2; i + 4 <= b.length && (b[i + 1] & 0xFF) != 0xDA; i += 2 + readShort(b, i + 2)) {
      int marker = b[i + 1] & 0xFF;
      boolean jfif =
          marker == 0xE0 && startsWith(b, i + 4, "JFIF\0".getBytes(StandardCharsets.US_ASCII));
      if ((marker >= 0xE0 && marker <= 0xEF && !jfif) || marker == 0xFE) {
        throw new IllegalStateException("JPEG encoder wrote marker 0x%02X".formatted(marker));
      }
    }
  }

  /**
   * Belt and braces for WebP too: the RIFF container must hold only pixel chunks, no EXIF, XMP or
   * ICCP, whatever cwebp version is installed.
   */
  private static void requireWebpPixelsOnly(byte[] b) throws IOException {
    if (!isWebp(b)) {
      throw new IOException("cwebp did not write a WebP");
    }
    for (int i = 12; i + 8 <= b.length; ) {
      String chunk = new String(b, i, 4, StandardCharsets.US_ASCII);
      if (!PIXEL_ONLY_WEBP_CHUNKS.contains(chunk)) {
        throw new IllegalStateException("WebP encoder wrote a " + chunk + " chunk");
      }
      long size = readLe16(b, i + 4) | ((long) readLe16(b, i + 6) << 16);
      i += 8 + (int) size + (int) (size & 1);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int readLe16(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
  }

  private static int readLe24(byte[] b, int i) {
    return readLe16(b, i) | ((b[i + 2] & 0xFF) << 16);
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    if (bytes.length - offset < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readShort(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  private static int readInt(byte[] b, int i) {
    return (readShort(b, i) << 16) | readShort(b, i + 2);
  }

  /** "850 bytes", "12.3 KB", "10 MB" (binary units, as Spring's DataSize). */
  private static String size(long bytes, RoundingMode rounding) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    boolean mb = bytes >= 1024 * 1024;
    BigDecimal value =
        BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(mb ? 1024 * 1024 : 1024), 1, rounding);
    return value.stripTrailingZeros().toPlainString() + (mb ? " MB" : " KB");
  }

  /** "40 megapixels", "0.5 megapixels", "10,000 pixels". */
  private static String pixels(long pixels) {
    if (pixels < 100_000) {
      return String.format(Locale.ROOT, "%,d pixels", pixels);
    }
    BigDecimal mp =
        BigDecimal.valueOf(pixels).divide(BigDecimal.valueOf(1_000_000), 1, RoundingMode.HALF_UP);
    return mp.stripTrailingZeros().toPlainString() + " megapixels";
  }
}

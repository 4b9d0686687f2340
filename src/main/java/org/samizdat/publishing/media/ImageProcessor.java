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

/**
 * Turns an uploaded photo into metadata-free JPEG or PNG renditions.
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

  static final String NOT_JPEG_OR_PNG = "This file is not a JPEG or PNG image.";

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

  public ImageProcessor(long maxBytes, int maxPixels, List<Integer> widths) {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("maxBytes and maxPixels must be positive");
    }
    if (widths.stream().anyMatch(w -> w <= 0)) {
      throw new IllegalArgumentException("widths must be positive: " + widths);
    }
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
    this.widths = Collections.unmodifiableNavigableSet(new TreeSet<>(widths));
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
    Format format =
        startsWith(upload, 0, JPEG_MAGIC)
            ? Format.JPEG
            : startsWith(upload, 0, PNG_MAGIC) ? Format.PNG : null;
    if (format == null) {
      throw new InvalidImageException(NOT_JPEG_OR_PNG);
    }
    // One expression so the decoded (pre-rotation) copy is garbage as soon as the upright copy
    // exists.
    BufferedImage level =
        upright(decode(upload, format), orientation(upload, format), format.imageType);
    int width = level.getWidth();
    int height = level.getHeight();

    SortedMap<Integer, byte[]> variants = new TreeMap<>();
    variants.put(width, encode(level, format));
    // Largest first, walking down one halving pyramid: only the current level is kept, never the
    // whole chain.
    for (int w : widths.headSet(width, false).descendingSet()) {
      // Halve while more than 2x too big: one big bicubic step samples only 4x4 source pixels and
      // aliases.
      while (level.getWidth() / 2 > w) {
        level = resize(level, level.getWidth() / 2, Math.max(1, level.getHeight() / 2));
      }
      int h = Math.max(1, (int) Math.round((double) height * w / width));
      variants.put(w, encode(resize(level, w, h), format));
    }
    return new ProcessedImage(format.name, format.contentType, width, height, variants);
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

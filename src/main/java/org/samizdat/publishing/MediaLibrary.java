package org.samizdat.publishing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.media.ImageProcessor;
import org.samizdat.publishing.media.ImageTools;
import org.samizdat.publishing.media.InvalidImageException;
import org.samizdat.publishing.media.ProcessedImage;
import org.samizdat.publishing.media.UnsupportedImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploaded images. Only re-encoded variants with every metadata block removed are ever written to
 * disk: the original bytes, with whatever GPS position or camera serial they carried, are not.
 */
@Service
public class MediaLibrary {

  private static final Pattern FILE =
      Pattern.compile("^([a-f0-9]{24})-(\\d{1,5})\\.(jpg|png|webp)$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Logger log = LoggerFactory.getLogger(MediaLibrary.class);
  private static final int WEBP_QUALITY = 80;

  private final ImageRepository images;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Path directory;
  private final ImageProcessor processor;
  private final ImageTools tools;
  private final long maxBytes;

  MediaLibrary(
      ImageRepository images,
      PlatformTransactionManager transactions,
      Clock clock,
      PlatformSettings platform,
      PublishingSettings settings) {
    this.images = images;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
    this.directory = Path.of(platform.dataDir()).toAbsolutePath().normalize().resolve("media");
    this.maxBytes = settings.maxUploadSize().toBytes();
    this.tools =
        settings.imageConverters()
            ? ImageTools.fromPath(settings.imageToolTimeout())
            : ImageTools.none();
    this.processor =
        new ImageProcessor(maxBytes, settings.maxImagePixels(), settings.imageWidths(), tools);
    if (!settings.imageConverters()) {
      log.info(
          "Image converters switched off (samizdat.publishing.image-converters=false): HEIC and"
              + " WebP uploads are refused and readers get JPEG/PNG only.");
    } else if (!tools.missing().isEmpty()) {
      log.warn(
          "Image converters missing: {}. HEIC uploads are refused{}{}; to accept phones' photos"
              + " and serve WebP, {}.",
          String.join(", ", tools.missing()),
          tools.readsWebp() ? "" : ", WebP uploads are refused",
          tools.writesWebp() ? "" : ", and readers get JPEG/PNG only (no WebP variants)",
          ImageTools.INSTALL_HINT);
    }
  }

  /** Whether new images get WebP variants (cwebp is installed). */
  public boolean makesWebp() {
    return tools.writesWebp();
  }

  public long maxUploadBytes() {
    return maxBytes;
  }

  /** Validates, strips and stores an upload; nothing is stored when it is rejected. */
  public Image store(byte[] upload, String altText) {
    String alt = altText == null ? "" : altText.trim();
    if (alt.length() > 300) {
      throw new ArticleRejected("altText", "Keep the image description to 300 characters.");
    }
    ProcessedImage processed;
    try {
      processed = processor.process(upload);
    } catch (UnsupportedImageException e) {
      throw new ImageFormatUnsupported(e.getMessage());
    } catch (InvalidImageException e) {
      throw new ArticleRejected("image", e.getMessage());
    }
    String key = newKey();
    String ext = "png".equals(processed.format()) ? "png" : "jpg";
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Map.Entry<Integer, byte[]> variant : processed.variants().entrySet()) {
        written.add(write(key + "-" + variant.getKey() + "." + ext, variant.getValue()));
      }
      for (Map.Entry<Integer, byte[]> variant : processed.webpVariants().entrySet()) {
        written.add(write(key + "-" + variant.getKey() + ".webp", variant.getValue()));
      }
      boolean webp = !processed.webpVariants().isEmpty();
      Integer[] widths = processed.variants().keySet().toArray(Integer[]::new);
      long id =
          images.insert(
              new ImageRepository.NewImage(
                  key,
                  processed.contentType(),
                  processed.width(),
                  processed.height(),
                  widths,
                  alt,
                  webp,
                  clock.instant()));
      return new Image(
          id,
          key,
          processed.contentType(),
          processed.width(),
          processed.height(),
          List.of(widths),
          alt,
          webp);
    } catch (IOException | RuntimeException e) {
      for (Path p : written) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: an orphan file is harmless, a half-stored image is not
        }
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException(
            "Could not store the image in " + directory + ": " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  public Optional<Image> find(long id) {
    return images.find(id);
  }

  /** The image a public media name like {@code 3f…-960.jpg} belongs to. */
  public Optional<Image> findByFileName(String name) {
    Matcher m = FILE.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    return images.findByKey(m.group(1));
  }

  public List<Image> recent(int limit) {
    return images.recent(limit);
  }

  /**
   * The file behind a public media name like {@code 3f…-960.jpg}, if that name is well-formed and
   * exists.
   */
  public Optional<Path> file(String name) {
    Matcher m = FILE.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    Path p = directory.resolve(name);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Gives up to {@code limit} images with an id above {@code after}, stored without WebP (before
   * WebP existed, or while cwebp was missing), their WebP variants, made from their stored
   * metadata-free files. Rows are claimed with SKIP LOCKED, so several nodes share the work.
   * Answers the last id looked at (to go on after it), or -1 when there was nothing left.
   */
  long addMissingWebp(long after, int limit) {
    if (!tools.writesWebp()) {
      return -1;
    }
    Long last =
        tx.execute(
            status -> {
              List<Image> pending = images.lockWithoutWebp(after, limit);
              long seen = -1;
              for (Image image : pending) {
                seen = image.id();
                try {
                  Files.createDirectories(directory);
                  Image withWebp =
                      new Image(
                          image.id(),
                          image.key(),
                          image.contentType(),
                          image.width(),
                          image.height(),
                          image.widths(),
                          image.altText(),
                          true);
                  for (int w : withWebp.webpWidths()) {
                    Path source = directory.resolve(image.fileName(w));
                    write(image.key() + "-" + w + ".webp", tools.fileToWebp(source, WEBP_QUALITY));
                  }
                } catch (IOException e) {
                  // Left without WebP (readers get its JPEG or PNG), tried again at the next start.
                  log.warn(
                      "Image {} keeps only its {} files: its WebP variants could not be made ({}).",
                      image.key(),
                      image.extension(),
                      e.getMessage());
                  continue;
                }
                images.markWebp(image.id());
              }
              return seen;
            });
    return last == null ? -1 : last;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path target = directory.resolve(name);
    Path temp = directory.resolve(name + ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static String newKey() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}

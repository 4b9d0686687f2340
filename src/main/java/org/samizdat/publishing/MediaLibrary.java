package org.samizdat.publishing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Timestamp;
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
import org.samizdat.publishing.media.InvalidImageException;
import org.samizdat.publishing.media.ProcessedImage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Uploaded images. Only re-encoded variants with every metadata block removed are ever written to
 * disk: the original bytes, with whatever GPS position or camera serial they carried, are not.
 */
@Service
public class MediaLibrary {

  private static final Pattern FILE = Pattern.compile("^([a-f0-9]{24})-(\\d{1,5})\\.(jpg|png)$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Path directory;
  private final ImageProcessor processor;
  private final long maxBytes;

  MediaLibrary(
      JdbcClient jdbc, Clock clock, PlatformSettings platform, PublishingSettings settings) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.directory = Path.of(platform.dataDir()).toAbsolutePath().normalize().resolve("media");
    this.maxBytes = settings.maxUploadSize().toBytes();
    this.processor =
        new ImageProcessor(maxBytes, settings.maxImagePixels(), settings.imageWidths());
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
    } catch (InvalidImageException e) {
      throw new ArticleRejected("image", e.getMessage());
    }
    String key = newKey();
    String ext = "png".equals(processed.format()) ? "png" : "jpg";
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Map.Entry<Integer, byte[]> variant : processed.variants().entrySet()) {
        Path target = directory.resolve(key + "-" + variant.getKey() + "." + ext);
        Path temp = directory.resolve(target.getFileName() + ".tmp");
        Files.write(temp, variant.getValue());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        written.add(target);
      }
      Integer[] widths = processed.variants().keySet().toArray(Integer[]::new);
      long id =
          jdbc.sql(
                  """
              INSERT INTO media_image (key, content_type, width, height, widths, alt_text, created_at)
              VALUES (:key, :type, :width, :height, :widths, :alt, :now) RETURNING id
              """)
              .param("key", key)
              .param("type", processed.contentType())
              .param("width", processed.width())
              .param("height", processed.height())
              .param("widths", widths)
              .param("alt", alt)
              .param("now", Timestamp.from(clock.instant()))
              .query(Long.class)
              .single();
      return new Image(
          id,
          key,
          processed.contentType(),
          processed.width(),
          processed.height(),
          List.of(widths),
          alt);
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
    return jdbc.sql(
            "SELECT id, key, content_type, width, height, widths, alt_text FROM media_image WHERE id = :id")
        .param("id", id)
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .optional();
  }

  /** The image a public media name like {@code 3f…-960.jpg} belongs to. */
  public Optional<Image> findByFileName(String name) {
    Matcher m = FILE.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    return jdbc.sql(
            "SELECT id, key, content_type, width, height, widths, alt_text FROM media_image WHERE key = :key")
        .param("key", m.group(1))
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .optional();
  }

  public List<Image> recent(int limit) {
    return jdbc.sql(
            "SELECT id, key, content_type, width, height, widths, alt_text FROM media_image ORDER BY id DESC LIMIT :limit")
        .param("limit", limit)
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .list();
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

  private static String newKey() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}

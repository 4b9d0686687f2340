package org.samizdat.publishing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored images: what the media library knows of each one's files, and its description. */
@Repository
class ImageRepository {

  /** The columns {@link TaxonomyRepository#image} reads, from every stored image. */
  private static final String IMAGES =
      "SELECT id, key, content_type, width, height, widths, alt_text, webp FROM media_image";

  /** An image whose files are written, to record. */
  record NewImage(
      String key,
      String contentType,
      int width,
      int height,
      Integer[] widths,
      String altText,
      boolean webp,
      Instant createdAt) {}

  private final JdbcClient jdbc;

  ImageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the image; returns its id. */
  long insert(NewImage image) {
    return jdbc.sql(
            """
            INSERT INTO media_image (key, content_type, width, height, widths, alt_text, webp, created_at)
            VALUES (:key, :type, :width, :height, :widths, :alt, :webp, :now) RETURNING id
            """)
        .param("key", image.key())
        .param("type", image.contentType())
        .param("width", image.width())
        .param("height", image.height())
        .param("widths", image.widths())
        .param("alt", image.altText())
        .param("webp", image.webp())
        .param("now", Timestamp.from(image.createdAt()))
        .query(Long.class)
        .single();
  }

  Optional<Image> find(long id) {
    return jdbc.sql(IMAGES + " WHERE id = :id")
        .param("id", id)
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .optional();
  }

  Optional<Image> findByKey(String key) {
    return jdbc.sql(IMAGES + " WHERE key = :key")
        .param("key", key)
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .optional();
  }

  List<Image> recent(int limit) {
    return jdbc.sql(IMAGES + " ORDER BY id DESC LIMIT :limit")
        .param("limit", limit)
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .list();
  }

  /**
   * Up to {@code limit} images without WebP variants with an id above {@code after}, in id order,
   * their rows locked until the transaction ends; rows another node has locked are skipped.
   */
  List<Image> lockWithoutWebp(long after, int limit) {
    return jdbc.sql(
            """
            SELECT id, key, content_type, width, height, widths, alt_text, webp
            FROM media_image WHERE NOT webp AND id > :after ORDER BY id LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """)
        .param("after", after)
        .param("limit", limit)
        .query((rs, n) -> TaxonomyRepository.image(rs, ""))
        .list();
  }

  void markWebp(long id) {
    jdbc.sql("UPDATE media_image SET webp = TRUE WHERE id = :id").param("id", id).update();
  }
}

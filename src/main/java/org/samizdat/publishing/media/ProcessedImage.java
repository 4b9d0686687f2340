package org.samizdat.publishing.media;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A re-encoded, metadata-free image. {@code width}/{@code height} are the upright
 * (orientation-applied) original dimensions; {@code variants} maps each output width to its encoded
 * bytes and always contains {@code width}. {@code webpVariants} holds the same widths as WebP, or
 * is empty when no WebP encoder is installed.
 */
public record ProcessedImage(
    String format,
    String contentType,
    int width,
    int height,
    SortedMap<Integer, byte[]> variants,
    SortedMap<Integer, byte[]> webpVariants) {

  public ProcessedImage {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(contentType, "contentType");
    variants = Collections.unmodifiableSortedMap(new TreeMap<>(variants));
    webpVariants = Collections.unmodifiableSortedMap(new TreeMap<>(webpVariants));
  }

  public ProcessedImage(
      String format,
      String contentType,
      int width,
      int height,
      SortedMap<Integer, byte[]> variants) {
    this(format, contentType, width, height, variants, new TreeMap<>());
  }
}

package org.samizdat.publishing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A stored image: only metadata-free variants exist, one per width, and with {@code webp} the same
 * widths again as WebP.
 */
public record Image(
    long id,
    String key,
    String contentType,
    int width,
    int height,
    List<Integer> widths,
    String altText,
    boolean webp) {

  /** An image without WebP variants. */
  public Image(
      long id,
      String key,
      String contentType,
      int width,
      int height,
      List<Integer> widths,
      String altText) {
    this(id, key, contentType, width, height, widths, altText, false);
  }

  public String extension() {
    return "image/png".equals(contentType) ? "png" : "jpg";
  }

  public String url(int variantWidth) {
    return "/media/" + key + "-" + variantWidth + "." + extension();
  }

  /** The variant a browser without srcset gets: the widest up to 1200 px, else the smallest. */
  public String src() {
    int best = widths.get(0);
    for (int w : widths) {
      if (w <= 1200) {
        best = Math.max(best, w);
      }
    }
    return url(best);
  }

  public String srcset() {
    return widths.stream().map(w -> url(w) + " " + w + "w").collect(Collectors.joining(", "));
  }

  /** The WebP variant of this width (exists only when {@link #webp()}). */
  public String webpUrl(int variantWidth) {
    return "/media/" + key + "-" + variantWidth + ".webp";
  }

  /** Every WebP width, for a {@code <source type="image/webp">}; empty without WebP variants. */
  public String webpSrcset() {
    if (!webp) {
      return "";
    }
    return widths.stream().map(w -> webpUrl(w) + " " + w + "w").collect(Collectors.joining(", "));
  }

  public String fileName(int variantWidth) {
    return key + "-" + variantWidth + "." + extension();
  }
}

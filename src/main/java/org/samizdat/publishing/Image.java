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

  /**
   * WebP is made up to this width: wider than any page shows an image even at 2x, and a phone's
   * full 4032 px original took cwebp about 5 s here against well under 1 s for 1600 px.
   */
  public static final int WEBP_MAX_WIDTH = 2000;

  /** Whether a variant of {@code width} has a WebP copy, the smallest width always having one. */
  public static boolean hasWebp(int width, int smallestWidth) {
    return width <= WEBP_MAX_WIDTH || width == smallestWidth;
  }

  /** The widths that have a WebP copy (none without {@link #webp()}). */
  public List<Integer> webpWidths() {
    if (!webp || widths.isEmpty()) {
      return List.of();
    }
    int smallest = widths.stream().mapToInt(Integer::intValue).min().getAsInt();
    return widths.stream().filter(w -> hasWebp(w, smallest)).toList();
  }

  /** The WebP variant of this width (exists only for {@link #webpWidths()}). */
  public String webpUrl(int variantWidth) {
    return "/media/" + key + "-" + variantWidth + ".webp";
  }

  /** Every WebP width, for a {@code <source type="image/webp">}; empty without WebP variants. */
  public String webpSrcset() {
    if (!webp) {
      return "";
    }
    return webpWidths().stream()
        .map(w -> webpUrl(w) + " " + w + "w")
        .collect(Collectors.joining(", "));
  }

  public String fileName(int variantWidth) {
    return key + "-" + variantWidth + "." + extension();
  }
}

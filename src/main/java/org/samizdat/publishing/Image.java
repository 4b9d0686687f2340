package org.samizdat.publishing;

import java.util.List;
import java.util.stream.Collectors;

/** A stored image: only metadata-free variants exist, one per width. */
public record Image(
    long id,
    String key,
    String contentType,
    int width,
    int height,
    List<Integer> widths,
    String altText) {

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

  public String fileName(int variantWidth) {
    return key + "-" + variantWidth + "." + extension();
  }
}

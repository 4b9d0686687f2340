package org.samizdat.reach.export;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param exportDir where the newsroom's Export button (and the command without {@code --out})
 *     writes the copy; empty means {@code <data dir>/export}
 * @param exportSupportUrl where the copy's "Support us" links and appeal form lead, as an absolute
 *     address whose {@code /pay}, {@code /manage} and {@code /remind} are the support routes (a
 *     mirror that proxies the main site, say); empty means the main site's own {@code /support}
 *     (and {@code /ru/support} for the Russian edition)
 */
@ConfigurationProperties("samizdat.reach")
public record ExportSettings(
    @DefaultValue("") String exportDir, @DefaultValue("") String exportSupportUrl) {

  public ExportSettings {
    exportDir = exportDir == null ? "" : exportDir.trim();
    exportSupportUrl = exportSupportUrl == null ? "" : exportSupportUrl.trim();
    while (exportSupportUrl.endsWith("/")) {
      exportSupportUrl = exportSupportUrl.substring(0, exportSupportUrl.length() - 1);
    }
    if (!exportSupportUrl.isEmpty() && !exportSupportUrl.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
      throw new IllegalArgumentException(
          "samizdat.reach.export-support-url must be an absolute http(s) address, like "
              + "https://example.org/support; it is '"
              + exportSupportUrl
              + "'.");
    }
  }
}

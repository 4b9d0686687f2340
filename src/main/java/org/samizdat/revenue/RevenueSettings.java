package org.samizdat.revenue;

import java.time.Duration;
import org.samizdat.platform.i18n.Language;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param siteUrl the public site's address, for links in receipts and other e-mails
 * @param manageLinkLifetime how long a "manage my support" link works (once)
 * @param manageSessionLifetime how long the page it opens works
 */
@ConfigurationProperties("samizdat.revenue")
public record RevenueSettings(
    @DefaultValue("http://localhost:8080") String siteUrl,
    @DefaultValue("1h") Duration manageLinkLifetime,
    @DefaultValue("30m") Duration manageSessionLifetime) {

  public RevenueSettings {
    siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
  }

  /** An absolute link into the reader's edition: /x for English, /ru/x for Russian. */
  public String link(String language, String path) {
    return siteUrl + Language.fromCode(language).orElse(Language.EN).pathPrefix() + path;
  }
}

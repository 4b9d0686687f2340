package org.samizdat.site;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param baseUrl the main domain, for canonical links, feeds and sitemaps (no trailing slash)
 * @param country where the newsroom's journalism is banned, named in the site's footer; empty hides it
 */
@ConfigurationProperties("samizdat.site")
public record SiteSettings(
    @DefaultValue("http://localhost:8080") String baseUrl,
    @DefaultValue("") String country) {

  public SiteSettings {
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String absolute(String path) {
    return baseUrl + path;
  }
}

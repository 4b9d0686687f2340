package org.samizdat.platform;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module shares.
 *
 * @param name the newsroom's name, shown in pages, e-mails and the newsroom
 * @param dataDir where the embedded database and uploaded media live
 * @param timeZone the newsroom's time zone: dates in article URLs and schedules are in it
 * @param database an external PostgreSQL server; empty url means the embedded one
 */
@ConfigurationProperties("samizdat")
public record PlatformSettings(
    @DefaultValue("Samizdat Courier") String name,
    @DefaultValue("./data") String dataDir,
    @DefaultValue("UTC") ZoneId timeZone,
    @DefaultValue Database database) {

  public record Database(
      String url,
      String user,
      String password,
      @DefaultValue("20") int poolSize,
      @DefaultValue("true") boolean embeddedDurable) {}
}

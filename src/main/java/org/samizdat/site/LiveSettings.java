package org.samizdat.site;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollSeconds how often a reader's open live page asks for new updates
 */
@ConfigurationProperties("samizdat.live")
public record LiveSettings(@DefaultValue("30") int pollSeconds) {

  public LiveSettings {
    if (pollSeconds < 1 || pollSeconds > 3600) {
      throw new IllegalArgumentException(
          "samizdat.live.poll-seconds must be between 1 and 3600, not " + pollSeconds);
    }
  }
}

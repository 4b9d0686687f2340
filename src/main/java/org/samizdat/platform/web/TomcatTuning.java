package org.samizdat.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Socket buffers big enough for a whole page: an article page (about 16 KB) then leaves in one
 * write instead of being cut into Tomcat's default 8 KB pieces.
 */
@Configuration(proxyBeanMethods = false)
class TomcatTuning {

  @Bean
  TomcatConnectorCustomizer socketBuffers(
      @Value("${samizdat.web.socket-write-buffer:32768}") int writeBuffer) {
    return connector ->
        connector.setProperty("socket.appWriteBufSize", String.valueOf(writeBuffer));
  }
}

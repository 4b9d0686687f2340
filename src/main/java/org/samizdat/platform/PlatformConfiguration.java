package org.samizdat.platform;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableAsync
class PlatformConfiguration {

  /** Injected everywhere instead of calling now(), so tests control time without sleeping. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}

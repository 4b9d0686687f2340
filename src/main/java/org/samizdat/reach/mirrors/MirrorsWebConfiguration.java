package org.samizdat.reach.mirrors;

import org.samizdat.reach.Mirrors;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class MirrorsWebConfiguration {

  /**
   * Ahead of the page cache (HIGHEST_PRECEDENCE + 1), which answers most reader pages without
   * running any later filter.
   */
  @Bean
  FilterRegistrationBean<OnionLocationFilter> onionLocationFilter(Mirrors mirrors) {
    FilterRegistrationBean<OnionLocationFilter> registration =
        new FilterRegistrationBean<>(new OnionLocationFilter(mirrors));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/*");
    return registration;
  }
}

package org.samizdat.platform.cache;

import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class PageCacheConfiguration {

  /**
   * Ahead of Boot's request observation (also HIGHEST_PRECEDENCE + 1: among equal orders, the
   * application's own filters come first), security and MVC: a cached page costs a map lookup and a
   * write. Hits are therefore not in the HTTP server metrics; misses and every other request are.
   * Only the Onion-Location filter (HIGHEST_PRECEDENCE) runs before it.
   */
  @Bean
  FilterRegistrationBean<PageCacheFilter> pageCacheFilter(PageCache cache, Clock clock) {
    FilterRegistrationBean<PageCacheFilter> registration =
        new FilterRegistrationBean<>(new PageCacheFilter(cache, clock));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.addUrlPatterns("/*");
    return registration;
  }
}

package org.samizdat.platform.cache;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class PageCacheConfiguration {

  /**
   * Ahead of everything, Boot's own filters included (request observation, character encoding),
   * security and MVC: a cached page costs a map lookup and a write. Hits are therefore not in
   * the HTTP server metrics; misses and every other request are.
   */
  @Bean
  FilterRegistrationBean<PageCacheFilter> pageCacheFilter(PageCache cache) {
    FilterRegistrationBean<PageCacheFilter> registration = new FilterRegistrationBean<>(new PageCacheFilter(cache));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/*");
    return registration;
  }
}

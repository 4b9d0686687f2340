package org.samizdat.revenue;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebhookEndpointConfiguration {

  /** First of all filters, and only under /webhooks/ (see {@link WebhookEndpoint}). */
  @Bean
  FilterRegistrationBean<WebhookEndpoint> webhookEndpoint(
      PaymentProviders providers, PaymentEventProcessor processor) {
    FilterRegistrationBean<WebhookEndpoint> registration =
        new FilterRegistrationBean<>(new WebhookEndpoint(providers, processor));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/webhooks/*");
    return registration;
  }
}

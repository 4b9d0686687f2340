package org.samizdat.reach.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnionLocationFilterTests {

  @Test
  void onlyPagesReadersOpenInABrowserGetTheHeader() {
    for (String page :
        new String[] {
          "/",
          "/ru/",
          "/ru",
          "/2025/03/01/court-frees-blogger",
          "/section/world",
          "/tag/courts",
          "/author/anna",
          "/search",
          "/about",
          "/support",
          "/ru/support/thanks"
        }) {
      assertThat(OnionLocationFilter.isReaderPage(page)).as(page).isTrue();
    }
    for (String other :
        new String[] {
          "/newsroom",
          "/newsroom/articles",
          "/webhooks/stripe",
          "/actuator/health",
          "/media/abc-800.jpg",
          "/css/site.css",
          "/js/site.js",
          "/error",
          "/feed.rss",
          "/ru/feed.json",
          "/sitemap.xml",
          "/robots.txt",
          "/mirrors.json",
          "/mirrors.json.sig",
          "/mirrors.pem"
        }) {
      assertThat(OnionLocationFilter.isReaderPage(other)).as(other).isFalse();
    }
  }
}

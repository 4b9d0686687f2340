package org.samizdat.site.feeds;

import org.junit.jupiter.api.BeforeEach;
import org.samizdat.IntegrationTest;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the feed and sitemap tests share: the app's services and a {@link Newsroom} making unique
 * content.
 */
abstract class FeedTest extends IntegrationTest {

  @Autowired Taxonomy taxonomy;
  @Autowired Publishing publishing;
  @Autowired MediaLibrary media;
  @Autowired Articles articles;
  @Autowired SiteSettings site;
  @Autowired PlatformSettings platform;

  Newsroom newsroom;
  String u;

  @BeforeEach
  void makeNewsroom() {
    newsroom = new Newsroom(taxonomy, publishing, media);
    u = newsroom.unique;
  }
}

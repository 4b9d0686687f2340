package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The site's settings as the app binds them at start-up, the feed media address above all. */
class SiteSettingsTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SiteSettings.class)
  static class Site {}

  final ApplicationContextRunner app =
      new ApplicationContextRunner().withUserConfiguration(Site.class);

  @Test
  void withoutAFeedMediaAddressFeedImagesStayOnTheMainDomain() {
    app.run(
        context -> {
          SiteSettings site = context.getBean(SiteSettings.class);
          assertThat(site.feedMediaUrl()).isEmpty();
          assertThat(site.feedMedia("/media/abc-960.jpg"))
              .isEqualTo("http://localhost:8080/media/abc-960.jpg");
          assertThat(site.feedMediaHost()).isEmpty();
        });
  }

  @Test
  void theFeedMediaAddressComesFromItsEnvironmentVariableWithoutItsTrailingSlash() {
    // application.properties maps SAMIZDAT_FEED_MEDIA_URL onto the property, as for every other
    // setting
    app.withInitializer(new ConfigDataApplicationContextInitializer())
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                "SAMIZDAT_FEED_MEDIA_URL",
                                " https://Mirror.example.net/courier/ ",
                                "SAMIZDAT_BASE_URL",
                                "https://courier.example"))))
        .run(
            context -> {
              SiteSettings site = context.getBean(SiteSettings.class);
              assertThat(site.feedMediaUrl()).isEqualTo("https://Mirror.example.net/courier");
              assertThat(site.feedMedia("/media/abc-960.jpg"))
                  .isEqualTo("https://Mirror.example.net/courier/media/abc-960.jpg");
              assertThat(site.feedMediaHost()).contains("mirror.example.net");
              assertThat(site.absolute("/media/abc-960.jpg"))
                  .as("the site itself")
                  .isEqualTo("https://courier.example/media/abc-960.jpg");
            });
  }

  @Test
  void aFeedMediaAddressThatIsNoHttpBaseAddressStopsTheStartWithAClearMessage() {
    app.withPropertyValues("samizdat.site.feed-media-url=https://mirror.example.net/?from=feed")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining(
                      "samizdat.site.feed-media-url (SAMIZDAT_FEED_MEDIA_URL) must be the base address of a mirror")
                  .hasMessageContaining(
                      "'https://mirror.example.net/?from=feed' is not: it has a query or a fragment");
            });
  }

  @Test
  void onlyAnAbsoluteHttpOrHttpsAddressWithoutQueryFragmentOrPasswordIsAccepted() {
    for (String bad :
        new String[] {
          "mirror.example.net",
          "/media",
          "ftp://mirror.example.net",
          "https://",
          "file:///srv/mirror",
          "https://mirror.example.net/#top",
          "https://mirror.example.net?x",
          "https://user:secret@mirror.example.net",
          "https://mirror example.net"
        }) {
      assertThatThrownBy(() -> settings(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("samizdat.site.feed-media-url")
          .hasMessageContaining("'" + bad + "'");
    }
    assertThat(settings("http://mirror.example.net:8081").feedMediaUrl())
        .isEqualTo("http://mirror.example.net:8081");
    assertThat(settings("HTTPS://mirror.example.net//").feedMediaUrl())
        .isEqualTo("HTTPS://mirror.example.net");
    assertThat(settings("  ").feedMediaUrl()).isEmpty();
    assertThat(settings(null).feedMediaUrl()).isEmpty();
  }

  private static SiteSettings settings(String feedMediaUrl) {
    return new SiteSettings("https://courier.example/", "", feedMediaUrl);
  }
}

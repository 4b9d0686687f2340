package org.samizdat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * A second shared context, for {@link IntegrationTest}s that need settings the first one does not
 * have: the settings of several such classes together, where none gets in another's way, so they
 * share one app (a database and a data directory of its own, made once per JVM) instead of starting
 * one each. Every class that carries this annotation, and adds no settings or beans of its own,
 * gets the same context. A class whose settings would change what the others see (another time
 * zone, image converters off, a hand-moved clock) or that needs an empty database keeps a context
 * of its own ({@link OwnDataDirectory}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ContextConfiguration(initializers = SharedOtherSettings.OwnDatabase.class)
@TestPropertySource(
    properties = {
      // HttpsBehindAProxyIT: behind a proxy that terminates TLS, as the README says to run it
      "server.forward-headers-strategy=native",
      // MirrorsAimedInsideIT: the rule as it is outside tests; no other class here adds a mirror
      "samizdat.reach.allow-private-mirrors=false",
      // FeedImagesFromAMirrorIT: as an operator might type it (the trailing slash is dropped)
      "samizdat.site.feed-media-url=" + SharedOtherSettings.FEED_MEDIA_URL + "/",
      // MailFormLimitsIT: the limits a real site has (it clears the counters before each test)
      "samizdat.limits.mail-forms.per-client-per-minute=5",
      "samizdat.limits.mail-forms.per-client-per-day=20",
      "samizdat.limits.mail-forms.per-recipient-per-hour=3"
    })
public @interface SharedOtherSettings {

  String FEED_MEDIA_URL = "https://mirror.example.net";

  /**
   * This context's database and data directory, one per JVM; added first, so they win over {@link
   * IntegrationTest}'s. Unlike {@link OwnDataDirectory} it leaves the context open after a class,
   * for the next class that shares it.
   */
  class OwnDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static Map<String, Object> properties;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("shared-other-settings", properties()));
    }

    private static synchronized Map<String, Object> properties() {
      if (properties == null) {
        Map<String, Object> own = new HashMap<>(OwnDataDirectory.properties("it-other-settings-"));
        own.remove(PrivateContexts.PROPERTY);
        properties = Map.copyOf(own);
      }
      return properties;
    }
  }
}

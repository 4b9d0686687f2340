package org.samizdat.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTests {

  @Test
  void englishAndRussianHaveTheSameKeys() throws IOException {
    Set<String> english = keys("messages_en.properties");
    Set<String> russian = keys("messages_ru.properties");

    assertThat(english).isNotEmpty();
    assertThat(new TreeSet<>(russian))
        .as("keys in messages_ru.properties must match messages_en.properties")
        .isEqualTo(new TreeSet<>(english));
  }

  @Test
  void eachLanguageReadsItsOwnBundle() {
    assertThat(Messages.of(Language.EN).language()).isEqualTo(Language.EN);
    assertThat(Messages.of(Language.RU).language()).isEqualTo(Language.RU);
    String anyKey = "nav.search";
    assertThat(Messages.of(Language.EN).t(anyKey)).isNotEqualTo(Messages.of(Language.RU).t(anyKey));
  }

  private static Set<String> keys(String resource) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = MessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties.stringPropertyNames();
  }
}

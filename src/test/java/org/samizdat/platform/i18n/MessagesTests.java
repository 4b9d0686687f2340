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

  /** Parsed patterns are shared between threads: many at once still get each their own answer. */
  @Test
  void pluralsAndAmountsAreRightWhenManyThreadsFormatAtOnce() throws Exception {
    Messages ru = Messages.of(Language.RU);
    java.util.List<java.util.concurrent.Callable<String>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int n = i;
      calls.add(
          () ->
              ru.t("search.results", n, "q" + n)
                  + " | "
                  + org.samizdat.platform.Money.of(n * 100L + (n % 2), "EUR")
                      .format(Language.RU.locale()));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var answers = pool.invokeAll(calls);
      for (int n = 0; n < answers.size(); n++) {
        String a = answers.get(n).get();
        String form = n % 10 == 1 && n % 100 != 11 ? "статья" : "стат";
        assertThat(a).startsWith("Найдено: " + n + " " + form).contains("«q" + n + "»");
        String amount = a.substring(a.indexOf(" | ") + 3);
        assertThat(amount).contains("€").contains(n % 2 == 0 ? String.valueOf(n) : ",01");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ru.t("search.results", 3, "x")).isEqualTo("Найдено: 3 статьи по запросу «x»");
    assertThat(org.samizdat.platform.Money.of(250, "USD").format(java.util.Locale.ENGLISH))
        .isEqualTo("$2.50");
    assertThat(org.samizdat.platform.Money.of(200, "USD").format(java.util.Locale.ENGLISH))
        .isEqualTo("$2");
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

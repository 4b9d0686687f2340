package org.samizdat.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Words readers see live in the message bundles, in both languages: a Java source or a template
 * with Cyrillic letters in it, or one that picks its words with {@code "ru".equals(...)}, is a
 * sentence that escaped the bundles. Templates take language names and choices from {@code
 * Language} and the bundles (the language drop-downs: {@code tag/language-options.jte}).
 */
class NoRussianInJavaTests {

  private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
  private static final Pattern LANGUAGE_CODE_BRANCH =
      Pattern.compile("\"(ru|en)\"\\.equals\\(|\\.equals\\(\"(ru|en)\"\\)");

  @Test
  void noJavaSourceHoldsCyrillicLetters() throws IOException {
    assertThat(offending(CYRILLIC))
        .as("Java sources with Cyrillic letters: move the words to messages_*.properties")
        .isEmpty();
  }

  @Test
  void noJavaSourceChoosesItsWordsByLanguageCode() throws IOException {
    assertThat(offending(LANGUAGE_CODE_BRANCH))
        .as("Java sources branching on a language code: use Language and Messages")
        .isEmpty();
  }

  @Test
  void noTemplateHoldsCyrillicLetters() throws IOException {
    assertThat(offending("src/main/jte", ".jte", CYRILLIC))
        .as("Templates with Cyrillic letters: take the words from the bundles (chrome.t, Language)")
        .isEmpty();
  }

  @Test
  void noTemplateChoosesByLanguageCode() throws IOException {
    assertThat(offending("src/main/jte", ".jte", LANGUAGE_CODE_BRANCH))
        .as(
            "Templates branching on a language code: use Language, the bundles, or"
                + " @template.tag.language-options")
        .isEmpty();
  }

  private static List<String> offending(Pattern pattern) throws IOException {
    return offending("src/main/java", ".java", pattern);
  }

  private static List<String> offending(String directory, String ending, Pattern pattern)
      throws IOException {
    Path root = Path.of(directory);
    assertThat(root).isDirectory();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.toString().endsWith(ending))
          .flatMap(file -> matchingLines(file, pattern))
          .toList();
    }
  }

  private static Stream<String> matchingLines(Path file, Pattern pattern) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return java.util.stream.IntStream.range(0, lines.size())
          .filter(i -> pattern.matcher(lines.get(i)).find())
          .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

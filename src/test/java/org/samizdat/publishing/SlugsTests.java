package org.samizdat.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugsTests {

  @Test
  void makesReadableAsciiSlugs() {
    assertThat(Slugs.from("Parliament Votes: 6 more months!", 80))
        .isEqualTo("parliament-votes-6-more-months");
    assertThat(Slugs.from("  Café déjà vu  ", 80)).isEqualTo("cafe-deja-vu");
  }

  @Test
  void transliteratesRussian() {
    assertThat(Slugs.from("Суд отказал в апелляции", 80)).isEqualTo("sud-otkazal-v-apellyatsii");
    assertThat(Slugs.from("Щука и ёж", 80)).isEqualTo("shchuka-i-ezh");
  }

  @Test
  void cutsAtAWordBoundary() {
    String slug = Slugs.from("one two three four five six seven eight nine ten", 20);
    assertThat(slug)
        .hasSizeLessThanOrEqualTo(20)
        .doesNotEndWith("-")
        .isEqualTo("one-two-three-four");
  }

  @Test
  void validatesSlugs() {
    assertThat(Slugs.isValid("ok-slug-2", 100)).isTrue();
    assertThat(Slugs.isValid("Bad Slug", 100)).isFalse();
    assertThat(Slugs.isValid("../etc/passwd", 100)).isFalse();
    assertThat(Slugs.isValid("double--hyphen", 100)).isFalse();
    assertThat(Slugs.isValid("", 100)).isFalse();
  }

  @Test
  void textWithoutLettersGivesEmptySlug() {
    assertThat(Slugs.from("!!! ???", 80)).isEmpty();
  }
}

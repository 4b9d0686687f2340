package org.samizdat.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.ArticleFilter;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Fills an empty database with the project's own demo newsroom: four sections, six authors, 48
 * articles in English and Russian with tags, illustrations and translation links.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "samizdat.demo.enabled", havingValue = "true")
class DemoContent implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoContent.class);
  private static final Actor DEMO = new Actor(0, "Demo content");

  private final Articles articles;
  private final Publishing publishing;
  private final Taxonomy taxonomy;
  private final MediaLibrary media;
  private final Clock clock;
  private final DemoSupporters supporters;

  DemoContent(
      Articles articles,
      Publishing publishing,
      Taxonomy taxonomy,
      MediaLibrary media,
      Clock clock,
      DemoSupporters supporters) {
    this.supporters = supporters;
    this.articles = articles;
    this.publishing = publishing;
    this.taxonomy = taxonomy;
    this.media = media;
    this.clock = clock;
  }

  /** A demo section, named in both languages from the bundles. */
  private long section(String slug, int position) {
    return taxonomy.createSection(
        slug,
        Messages.of(Language.EN).t("demo.section." + slug),
        Messages.of(Language.RU).t("demo.section." + slug),
        position);
  }

  @Override
  public void run(ApplicationArguments args) {
    if (articles.list(new ArticleFilter(null, null, null, null, null, false, null, 1, 1)).total()
            > 0
        || articles.list(new ArticleFilter(null, null, null, null, null, true, null, 1, 1)).total()
            > 0) {
      return;
    }
    long started = System.nanoTime();
    Map<String, Long> sections = new HashMap<>();
    sections.put("world", section("world", 1));
    sections.put("politics", section("politics", 2));
    sections.put("society", section("society", 3));
    sections.put("culture", section("culture", 4));
    Map<String, Long> authors = new HashMap<>();
    authors.put(
        "anna-lind",
        taxonomy.createAuthor(
            "Anna Lind",
            "anna-lind",
            "Political correspondent. Covers parliament and the courts from exile."));
    authors.put(
        "marek-oslo",
        taxonomy.createAuthor(
            "Marek Oslo",
            "marek-oslo",
            "Investigations editor. Follows the money behind state media."));
    authors.put(
        "vera-sokolova",
        taxonomy.createAuthor(
            "Vera Sokolova",
            "vera-sokolova",
            "Society reporter. Writes about schools, hospitals and the families who stayed."));
    authors.put(
        "daniel-reyes",
        taxonomy.createAuthor(
            "Daniel Reyes",
            "daniel-reyes",
            "World desk. Covers the region's diplomacy and its borders."));
    authors.put(
        "irina-kovac",
        taxonomy.createAuthor(
            "Irina Kovac",
            "irina-kovac",
            "Culture editor. Theatre, books and music, banned and otherwise."));
    authors.put(
        "tomas-berg",
        taxonomy.createAuthor("Tomas Berg", "tomas-berg", "Science and climate reporter."));

    List<DemoArticle> demo =
        DemoArticle.parse(read("demo/articles.txt")).stream()
            .sorted(Comparator.comparing((DemoArticle d) -> d.get("language")))
            .toList();
    Map<String, Image> images = new HashMap<>();
    Map<String, Long> pairs = new HashMap<>();
    Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
    for (DemoArticle d : demo) {
      Image image = null;
      if (!d.get("image").isEmpty()) {
        image =
            images.computeIfAbsent(
                d.get("image"),
                theme ->
                    media.store(DemoIllustrations.draw(theme), "Abstract illustration: " + theme));
      }
      Long translationOf = d.get("pair").isEmpty() ? null : pairs.get(d.get("pair"));
      ArticleDraft draft =
          new ArticleDraft(
              d.get("language"),
              d.get("slug"),
              d.get("headline"),
              d.get("standfirst"),
              d.body(),
              sections.get(d.get("section")),
              d.list("tags"),
              d.list("authors").stream().map(authors::get).toList(),
              image == null ? null : image.id(),
              d.get("caption"),
              d.get("credit"),
              translationOf);
      long id = publishing.create(draft, DEMO);
      if (!d.get("pair").isEmpty()) {
        pairs.putIfAbsent(d.get("pair"), id);
      }
      Instant publishedAt =
          today
              .minus(Duration.ofDays(Long.parseLong(d.get("days_ago"))))
              .plus(Duration.ofHours(Long.parseLong(d.get("hour"))));
      if (publishedAt.isAfter(clock.instant())) {
        publishedAt = clock.instant().minus(Duration.ofMinutes(5L * demo.indexOf(d) + 1));
      }
      publishing.publishBackdated(id, publishedAt, DEMO);
    }
    log.info(
        "Demo content: {} articles, {} illustrations in {} ms",
        demo.size(),
        images.size(),
        (System.nanoTime() - started) / 1_000_000);
    supporters.seedIfEmpty();
  }

  private static String read(String path) {
    try (InputStream in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("The demo content " + path + " is missing from the build", e);
    }
  }
}

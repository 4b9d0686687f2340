package org.samizdat.site.feeds;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;

/**
 * Writes the articles feed and sitemap tests read, through the newsroom's own services. Every name
 * carries a random suffix: all integration tests share one database.
 */
final class Newsroom {

  static final Actor EDITOR = new Actor(0, "Feeds test");

  final String unique = UUID.randomUUID().toString().substring(0, 8);
  private final Taxonomy taxonomy;
  private final Publishing publishing;
  private final MediaLibrary media;
  private Long byline;

  Newsroom(Taxonomy taxonomy, Publishing publishing, MediaLibrary media) {
    this.taxonomy = taxonomy;
    this.publishing = publishing;
    this.media = media;
  }

  long author(String name) {
    return taxonomy.createAuthor(name + " " + unique, null, "");
  }

  /** A section; returns its slug's id. The slug is {@code <slug>-<unique>}. */
  long section(String slug) {
    return taxonomy.createSection(
        slug + "-" + unique, "Section " + slug + " " + unique, "Раздел " + slug + " " + unique, 50);
  }

  /** The author of stories that name none: publishing needs a byline. */
  private long byline() {
    if (byline == null) {
      byline = author("Staff Writer");
    }
    return byline;
  }

  Image photo(String alt) {
    BufferedImage img = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 800, 500);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return media.store(png.toByteArray(), alt);
  }

  Story story(String language, String headline) {
    return new Story(language, headline);
  }

  /**
   * An article being written; {@link #draft()}, {@link #publish()} or {@link #publishAt(Instant)}
   * stores it.
   */
  final class Story {
    private final String language;
    private final String headline;
    private String standfirst = "What happened, in one sentence.";
    private String body = "Full text.";
    private Long sectionId;
    private final List<String> tags = new ArrayList<>();
    private final List<Long> authorIds = new ArrayList<>();
    private Long heroImageId;
    private String heroCaption = "";
    private String heroCredit = "";
    private Long translationId;

    private Story(String language, String headline) {
      this.language = language;
      this.headline = headline;
    }

    Story standfirst(String value) {
      standfirst = value;
      return this;
    }

    Story body(String markdown) {
      body = markdown;
      return this;
    }

    Story section(long id) {
      sectionId = id;
      return this;
    }

    Story tags(String... names) {
      tags.addAll(List.of(names));
      return this;
    }

    Story by(Long... ids) {
      authorIds.addAll(List.of(ids));
      return this;
    }

    Story hero(Image image, String caption, String credit) {
      heroImageId = image.id();
      heroCaption = caption;
      heroCredit = credit;
      return this;
    }

    Story translationOf(long id) {
      translationId = id;
      return this;
    }

    long draft() {
      if (authorIds.isEmpty()) {
        authorIds.add(byline());
      }
      return publishing.create(
          new ArticleDraft(
              language,
              "",
              headline,
              standfirst,
              body,
              sectionId,
              tags,
              authorIds,
              heroImageId,
              heroCaption,
              heroCredit,
              translationId),
          EDITOR);
    }

    long publish() {
      long id = draft();
      publishing.publishNow(id, EDITOR);
      return id;
    }

    long publishAt(Instant publishedAt) {
      long id = draft();
      publishing.publishBackdated(id, publishedAt, EDITOR);
      return id;
    }
  }
}

package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.MediaLibrary;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Readership;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.export.LinkChecker.BrokenLink;
import org.samizdat.site.SiteSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

/**
 * The static export of a real site: articles with a photo, tags, a translation and a byline,
 * published through the newsroom's services, exported, read back as files; then one article
 * withdrawn and another published, and exported again over the same folder. The class has a
 * database of its own: "nothing changed, nothing rewritten" only holds when no other test class's
 * background work (gifts moving the banner's progress, views moving "most read", a scheduled
 * article coming due) lands between two exports. The copy also holds the demo's articles, so
 * assertions about "everything" are about what the export guarantees whatever the content is, the
 * others about this test's own pages.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
class StaticExportIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "StaticExportIT");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired MediaLibrary media;
  @Autowired Readership readership;
  @Autowired StaticExport export;
  @Autowired org.samizdat.publishing.LiveUpdates live;
  @Autowired PlatformSettings platform;
  @Autowired SiteSettings site;

  @TempDir Path out;

  String u;
  long author;
  long section;

  @Test
  void exportsEveryPublicPageWithRelativeLinksAndThenOnlyWhatChanged() throws IOException {
    u = UUID.randomUUID().toString().substring(0, 8);
    author = taxonomy.createAuthor("Exporter " + u, "exporter-" + u, "Writes about copies " + u);
    section = taxonomy.createSection("copies-" + u, "Copies " + u, "Копии " + u, 60);
    Image photo = media.store(png(1700, 1000), "A press printing copies " + u);

    long older =
        publish(
            story("en", "Older copy " + u, List.of("mirrors " + u), null, null, "An older story."),
            Instant.now().minus(1, ChronoUnit.DAYS));
    String olderPath = path(older);
    // a live page exports like any article, its updates in it
    live.start(older, EDITOR);
    long update = live.addUpdate(older, "Copies reached the north " + u, null, EDITOR);
    long lead =
        publish(
            story(
                "en",
                "Copies travel " + u,
                List.of("mirrors " + u, "samizdat " + u),
                photo,
                null,
                """
        Read [about us](/about), [the older copy](%s) and [a source](https://example.org/source-%s).
        """
                    .formatted(olderPath, u)),
            null);
    long russian =
        publish(
            story(
                "ru",
                "Копии путешествуют " + u,
                List.of("зеркала " + u),
                photo,
                lead,
                "Текст [о нас](/ru/about)."),
            null);
    long withdrawn =
        publish(
            story("en", "To be withdrawn " + u, List.of("mirrors " + u), null, null, "Soon gone."),
            null);
    for (int i = 1; i <= 10; i++) {
      publish(
          story("en", "Filler " + i + " " + u, List.of(), null, null, "Filler."),
          Instant.now().minus(2, ChronoUnit.DAYS).minusSeconds(i));
    }
    Article a = articles.get(lead);
    Article r = articles.get(russian);
    String leadFile = fileOf(a.path(platform.timeZone()));
    String russianFile = fileOf(r.path(platform.timeZone()));
    String olderFile = fileOf(olderPath);
    String withdrawnFile = fileOf(path(withdrawn));
    String sectionFile = "section/copies-" + u + "/index.html";
    String authorFile = "author/exporter-" + u + "/index.html";
    List<String> tagFiles = new ArrayList<>();
    for (Article x : List.of(a, r)) {
      for (Tag t : x.tags()) {
        tagFiles.add(
            (t.language() == Language.RU ? "ru/" : "") + "tag/" + t.slug() + "/index.html");
      }
    }
    long viewsBefore = readership.views(lead);

    // 1. The first export.
    ExportReport first = export.export(out);

    assertThat(first.errors()).as("pages the site could not give").isEmpty();
    assertThat(first.foreign()).as("references to other hosts").isEmpty();
    assertThat(first.leaks()).as("newsroom links and TEST MODE notices").isEmpty();
    assertThat(first.ok()).isTrue();
    assertThat(first.written()).as("a new folder: every file written").hasSize(first.files());
    assertThat(first.unchanged()).isZero();
    assertThat(first.outbound())
        .extracting(HostCheck.Reference::value)
        .contains("https://example.org/source-" + u);
    assertThat(readership.views(lead)).as("the export is not a reader").isEqualTo(viewsBefore);
    // how far it went: every file it found, done (the newsroom's screen shows this while it runs)
    ExportProgress progress = export.progress().orElseThrow();
    assertThat(progress.done()).isEqualTo(progress.known()).isGreaterThan(first.pages());
    assertThat(progress.percent()).isEqualTo(100);
    assertThat(progress.left()).isIn(null, Duration.ZERO);

    // Complete: every page of this test's content, both editions, feeds, sitemaps, assets, every
    // image variant.
    List<String> expected =
        new ArrayList<>(
            List.of(
                leadFile,
                russianFile,
                olderFile,
                withdrawnFile,
                "index.html",
                "ru/index.html",
                "about/index.html",
                "ru/about/index.html",
                "support/index.html",
                "ru/support/index.html",
                sectionFile,
                "ru/" + sectionFile,
                "section/copies-" + u + "/page/2/index.html",
                "section/copies-" + u + "/feed.rss",
                "section/copies-" + u + "/feed.atom",
                "ru/section/copies-" + u + "/feed.rss",
                "ru/section/copies-" + u + "/feed.atom",
                authorFile,
                "ru/" + authorFile,
                "author/exporter-" + u + "/page/2/index.html",
                "feed.rss",
                "feed.atom",
                "ru/feed.rss",
                "ru/feed.atom",
                "feed.json",
                "ru/feed.json",
                "section/copies-" + u + "/feed.json",
                "ru/section/copies-" + u + "/feed.json",
                "mirrors.json",
                "mirrors.json.sig",
                "mirrors.pub",
                "mirrors.pem",
                "sitemap.xml",
                "sitemap-pages.xml",
                "sitemap-articles.xml",
                "sitemap-news.xml",
                "robots.txt",
                "css/site.css",
                "js/site.js",
                "favicon.svg",
                "favicon.ico"));
    expected.addAll(tagFiles);
    tagFiles.forEach(
        t -> {
          expected.add(t.replace("index.html", "feed.rss"));
          expected.add(t.replace("index.html", "feed.atom"));
          expected.add(t.replace("index.html", "feed.json"));
        });
    for (int width : photo.widths()) {
      expected.add("media/" + photo.fileName(width));
    }
    assertThat(photo.widths()).hasSizeGreaterThan(1);
    for (String file : expected) {
      assertThat(out.resolve(file)).as(file).isRegularFile();
    }
    assertThat(first.written()).containsAll(expected);
    Document livePage = html(olderFile);
    assertThat(livePage.select("#update-" + update).text())
        .contains("Copies reached the north " + u);
    assertThat(livePage.select("script[src$=js/live.js]").attr("src"))
        .isEqualTo("../../../../js/live.js");
    assertThat(out.resolve("js/live.js")).isRegularFile();
    assertThat(out.resolve("search")).as("search needs the server").doesNotExist();
    assertThat(out.resolve("ru/search")).doesNotExist();
    assertThat(out.resolve("support/pay")).doesNotExist();
    assertThat(out.resolve("newsroom")).doesNotExist();

    // The article: relative links inside the copy, absolute ones to the main domain where they must
    // be.
    String base = site.baseUrl();
    Document page = html(leadFile);
    String up = "../../../../";
    assertThat(page.select("article.article h1").text()).isEqualTo("Copies travel " + u);
    assertThat(page.select("a.brand").attr("href")).isEqualTo(up + "index.html");
    assertThat(page.select(".kicker a").attr("href")).isEqualTo(up + sectionFile);
    assertThat(page.select(".byline a.author").attr("href")).isEqualTo(up + authorFile);
    assertThat(page.select("ul.tags a").eachAttr("href"))
        .allSatisfy(h -> assertThat(h).startsWith(up + "tag/").endsWith("/index.html"));
    assertThat(page.select("p.translation a").attr("href"))
        .isEqualTo(ExportPaths.relative(leadFile, russianFile));
    assertThat(page.select("a.lang-switch").attr("href"))
        .isEqualTo(ExportPaths.relative(leadFile, russianFile));
    Element hero = page.selectFirst("figure.hero img");
    assertThat(hero.attr("src")).startsWith(up + "media/");
    assertThat(hero.attr("srcset").split(", "))
        .hasSize(photo.widths().size())
        .allSatisfy(candidate -> assertThat(candidate).startsWith(up + "media/" + photo.key()));
    // WebP beside JPEG, when cwebp made it: the copy carries the WebP files too.
    Element webp = page.selectFirst("figure.hero picture source[type=image/webp]");
    if (photo.webp()) {
      assertThat(webp.attr("srcset").split(", "))
          .hasSize(photo.widths().size())
          .allSatisfy(
              c -> assertThat(c).startsWith(up + "media/" + photo.key()).contains(".webp "));
    }
    assertThat(page.select(".article-body a:contains(about us)").attr("href"))
        .isEqualTo(up + "about/index.html");
    assertThat(page.select(".article-body a:contains(the older copy)").attr("href"))
        .isEqualTo(ExportPaths.relative(leadFile, olderFile));
    assertThat(page.select(".article-body a:contains(a source)").attr("href"))
        .isEqualTo("https://example.org/source-" + u);
    assertThat(page.select("section.read-more a").eachAttr("href"))
        .contains(ExportPaths.relative(leadFile, olderFile));
    assertThat(page.select("link[rel=stylesheet]").attr("href")).isEqualTo(up + "css/site.css");
    assertThat(page.select("script[src]").attr("src")).isEqualTo(up + "js/site.js");
    assertThat(page.select("link[rel=canonical]").attr("href"))
        .isEqualTo(base + a.path(platform.timeZone()));
    assertThat(page.select("link[rel=alternate][hreflang]").eachAttr("href"))
        .containsExactlyInAnyOrder(
            base + a.path(platform.timeZone()), base + r.path(platform.timeZone()));
    assertThat(page.select("link[rel=alternate][type]").eachAttr("href"))
        .contains(
            base + "/feed.rss", base + "/feed.atom", base + "/section/copies-" + u + "/feed.rss");
    assertThat(page.select("meta[property=og:image]").attr("content")).startsWith(base + "/media/");
    // Giving and search work only on the main site.
    assertThat(page.select("form.appeal-form").attr("action")).isEqualTo(base + "/support/pay");
    assertThat(page.select("a.support-button").attr("href")).isEqualTo(base + "/support");
    assertThat(page.select(".appeal p.methods a[href$=other-ways]").attr("href"))
        .isEqualTo(up + "support/index.html#other-ways");
    assertThat(page.select("nav.sections-nav a[href*=search]").attr("href"))
        .isEqualTo(base + "/search");
    assertThat(page.select(".testmode-flag")).isEmpty();
    assertThat(html(russianFile).select("form.appeal-form").attr("action"))
        .isEqualTo(base + "/ru/support/pay");
    Document support = html("support/index.html");
    assertThat(support.select("form.appeal-form").attr("action")).isEqualTo(base + "/support/pay");
    assertThat(support.select("#other-ways")).isNotEmpty();
    Document list = html(sectionFile);
    assertThat(list.select("nav.pager a[rel=next]").attr("href")).isEqualTo("page/2/index.html");
    assertThat(
            html("section/copies-" + u + "/page/2/index.html")
                .select("nav.pager a[rel=prev]")
                .attr("href"))
        .isEqualTo("../../index.html");
    assertThat(text("feed.rss"))
        .contains("<link>" + base + a.path(platform.timeZone()) + "</link>");
    // The signed list of mirrors is the site's own bytes, so its signature still verifies in the
    // copy.
    // Nothing heavy: an article of the copy with its stylesheet and script, images aside.
    long weight =
        Files.size(out.resolve(leadFile))
            + Files.size(out.resolve("css/site.css"))
            + Files.size(out.resolve("js/site.js"));
    assertThat(weight).as("article page weight in the copy without images").isLessThan(60 * 1024);
    assertThat(out.resolve("mirrors.json")).hasBinaryContent(client().get("/mirrors.json").bytes());
    assertThat(out.resolve("mirrors.json.sig"))
        .hasBinaryContent(client().get("/mirrors.json.sig").bytes());
    assertThat(text("feed.json"))
        .containsPattern(
            "\"url\"\\s*:\\s*\""
                + java.util.regex.Pattern.quote(base + a.path(platform.timeZone()))
                + "\"");
    assertThat(text("robots.txt"))
        .contains("Sitemap: " + base + "/sitemap.xml")
        .doesNotContain("newsroom");

    // Everything in the copy: relative links only, no newsroom, no TEST MODE.
    for (String file : textFiles()) {
      String text = text(file);
      assertThat(text)
          .as(file)
          .doesNotContain("TEST MODE")
          .doesNotContain("ТЕСТОВЫЙ РЕЖИМ")
          .doesNotContain("/newsroom");
      if (file.endsWith(".html")) {
        Document doc = Jsoup.parse(text);
        assertThat(doc.select("[href^=/], [src^=/], [action^=/], [srcset^=/]"))
            .as("root-relative links in " + file)
            .isEmpty();
      }
    }

    // No broken links: in this test's pages, and anywhere but in other tests' article texts.
    List<String> ours =
        new ArrayList<>(expected.stream().filter(f -> f.endsWith(".html")).toList());
    assertThat(LinkChecker.check(out, ours)).isEmpty();
    assertThat(first.brokenLinks()).filteredOn(b -> !isOtherTestsArticle(b, ours)).isEmpty();

    // 2. Nothing changed: nothing is rewritten but feeds that hold no article (their date is
    // "now").
    ExportReport again = export.export(out);
    assertThat(again.removed()).isEmpty();
    assertThat(again.written())
        .allSatisfy(
            f -> {
              assertThat(f).as("written again").matches(".*\\.(rss|atom)$");
              assertThat(text(f)).as(f + " written again").doesNotContain("<item>", "<entry>");
            });
    assertThat(again.unchanged()).isEqualTo(again.files() - again.written().size());

    // 3. One article withdrawn, another published: only what shows them changes.
    FileTime russianAt = Files.getLastModifiedTime(out.resolve(russianFile));
    FileTime cssAt = Files.getLastModifiedTime(out.resolve("css/site.css"));
    publishing.unpublish(withdrawn, EDITOR);
    long fresh =
        publish(story("en", "Fresh copy " + u, List.of("mirrors " + u), null, null, "New."), null);
    String freshFile = fileOf(path(fresh));

    ExportReport third = export.export(out);

    assertThat(third.ok()).isTrue();
    assertThat(third.removed()).contains(withdrawnFile);
    assertThat(out.resolve(withdrawnFile).getParent())
        .as("the withdrawn article's folder")
        .doesNotExist();
    assertThat(third.written())
        .contains(
            freshFile,
            "index.html",
            sectionFile,
            authorFile,
            leadFile,
            "feed.rss",
            "sitemap-articles.xml");
    assertThat(third.written())
        .doesNotContain(
            russianFile,
            "ru/index.html",
            "ru/about/index.html",
            "css/site.css",
            "js/site.js",
            "robots.txt");
    assertThat(third.written()).noneMatch(f -> f.startsWith("media/"));
    assertThat(third.unchanged()).isGreaterThan(third.written().size());
    assertThat(Files.getLastModifiedTime(out.resolve(russianFile))).isEqualTo(russianAt);
    assertThat(Files.getLastModifiedTime(out.resolve("css/site.css"))).isEqualTo(cssAt);
    assertThat(out.resolve(freshFile)).isRegularFile();
    String withdrawnSlug = articles.get(withdrawn).slug();
    assertThat(third.brokenLinks()).noneMatch(b -> b.link().contains(withdrawnSlug));
    for (String file : List.of("index.html", sectionFile, authorFile, leadFile)) {
      assertThat(text(file)).as(file).doesNotContain(withdrawnSlug);
    }
    ours.remove(withdrawnFile);
    ours.add(freshFile);
    assertThat(LinkChecker.check(out, ours)).isEmpty();
    assertThat(third.brokenLinks()).filteredOn(b -> !isOtherTestsArticle(b, ours)).isEmpty();
  }

  /**
   * An export of changes after a complete one: an article's headline changed (on the first page of
   * its lists, and one on the second page of its section), one withdrawn, one new. Exactly the
   * pages that show them are written again, and they are right; nothing else is touched.
   */
  @Test
  void anExportOfChangesRewritesWhatShowsTheChangedArticlesAndNothingElse() throws IOException {
    u = UUID.randomUUID().toString().substring(0, 8);
    author = taxonomy.createAuthor("Changer " + u, "changer-" + u, "Writes changes " + u);
    section = taxonomy.createSection("changes-" + u, "Changes " + u, "Изменения " + u, 61);
    String tag = "edits " + u;
    long deep =
        publish(
            story("en", "Deep " + u, List.of(tag), null, null, "On the second page."),
            Instant.now().minus(3, ChronoUnit.DAYS));
    for (int i = 1; i <= 12; i++) {
      publish(
          story("en", "Middle " + i + " " + u, List.of(), null, null, "Filler."),
          Instant.now().minus(2, ChronoUnit.DAYS).minusSeconds(i));
    }
    long alpha =
        publish(story("en", "Alpha " + u, List.of(tag), null, null, "First version."), null);
    long beta = publish(story("en", "Beta " + u, List.of(tag), null, null, "To go."), null);
    String alphaFile = fileOf(path(alpha));
    String betaFile = fileOf(path(beta));
    String deepFile = fileOf(path(deep));
    String sectionFile = "section/changes-" + u + "/index.html";
    String sectionPage2 = "section/changes-" + u + "/page/2/index.html";
    String tagFile = "tag/" + articles.get(alpha).tags().get(0).slug() + "/index.html";
    String authorFile = "author/changer-" + u + "/index.html";

    ExportReport whole = export.export(out);
    assertThat(whole.ok()).isTrue();
    assertThat(text(sectionPage2)).contains("Deep " + u);
    assertThat(text(betaFile)).contains("Beta " + u);
    FileTime aboutAt = Files.getLastModifiedTime(out.resolve("about/index.html"));

    rename(alpha, "Alpha renamed " + u);
    rename(deep, "Deep renamed " + u);
    publishing.unpublish(beta, EDITOR);
    long gamma = publish(story("en", "Gamma " + u, List.of(tag), null, null, "Brand new."), null);
    String gammaFile = fileOf(path(gamma));

    ExportReport changes = export.exportChanges(out);

    assertThat(changes.ok()).isTrue();
    assertThat(changes.errors()).isEmpty();
    // the changed headline, wherever the article is shown: its page, its lists, the feeds
    for (String file : List.of(alphaFile, sectionFile, tagFile, authorFile, "index.html")) {
      assertThat(text(file)).as(file).contains("Alpha renamed " + u).doesNotContain("Alpha " + u);
    }
    assertThat(text("feed.rss")).contains("Alpha renamed " + u);
    assertThat(text("section/changes-" + u + "/feed.rss")).contains("Alpha renamed " + u);
    // on a deeper page of its list too, which the index of the copy knew showed it
    assertThat(text(sectionPage2)).contains("Deep renamed " + u).doesNotContain("Deep " + u);
    assertThat(text(deepFile)).contains("Deep renamed " + u);
    // the withdrawn article is gone from its lists and feeds, and its page says what the site says
    String betaSlug = articles.get(beta).slug();
    for (String file :
        List.of(
            sectionFile,
            tagFile,
            authorFile,
            "index.html",
            "feed.rss",
            "section/changes-" + u + "/feed.rss",
            tagFile.replace("index.html", "feed.atom"),
            "sitemap-news.xml")) {
      assertThat(text(file)).as(file).doesNotContain(betaSlug).doesNotContain("Beta " + u);
    }
    assertThat(text(betaFile)).doesNotContain("Beta " + u).doesNotContain("To go.");
    // the new article, with its place at the top of its lists
    assertThat(text(gammaFile)).contains("Gamma " + u);
    for (String file : List.of(sectionFile, tagFile, authorFile, "index.html", "feed.rss")) {
      assertThat(text(file)).as(file).contains("Gamma " + u);
    }
    assertThat(changes.written())
        .contains(alphaFile, deepFile, gammaFile, betaFile, sectionFile, sectionPage2, tagFile);
    // nothing else: other articles, pages that do not list these, the stylesheet
    assertThat(changes.written())
        .doesNotContain("about/index.html", "ru/about/index.html", "css/site.css", "robots.txt")
        .noneMatch(f -> f.startsWith("media/"))
        .hasSizeLessThan(80);
    assertThat(Files.getLastModifiedTime(out.resolve("about/index.html"))).isEqualTo(aboutAt);
    assertThat(changes.files()).isEqualTo(whole.files() + 1);
    List<String> ours =
        List.of(alphaFile, betaFile, gammaFile, deepFile, sectionFile, sectionPage2, tagFile);
    assertThat(LinkChecker.check(out, ours)).isEmpty();
    assertThat(changes.brokenLinks()).filteredOn(b -> ours.contains(b.file())).isEmpty();

    // nothing changed since: the article pages stay as they are
    ExportReport again = export.exportChanges(out);
    assertThat(again.ok()).isTrue();
    assertThat(again.written()).doesNotContain(alphaFile, gammaFile, deepFile, sectionPage2);
  }

  private void rename(long id, String headline) {
    Article a = articles.get(id);
    publishing.update(
        id,
        a.version(),
        new ArticleDraft(
            a.language().code(),
            a.slug(),
            headline,
            "Standfirst of " + headline,
            a.bodyMarkdown(),
            a.section() == null ? null : a.section().id(),
            a.tags().stream().map(Tag::name).toList(),
            a.authors().stream().map(org.samizdat.publishing.Author::id).toList(),
            a.heroImage() == null ? null : a.heroImage().id(),
            a.heroCaption(),
            a.heroCredit(),
            a.translationId()),
        EDITOR);
  }

  private ArticleDraft story(
      String language,
      String headline,
      List<String> tags,
      Image hero,
      Long translationOf,
      String body) {
    return new ArticleDraft(
        language,
        "",
        headline,
        "Standfirst of " + headline,
        body,
        section,
        tags,
        List.of(author),
        hero == null ? null : hero.id(),
        hero == null ? "" : "A caption " + u,
        hero == null ? "" : "Photo: staff",
        translationOf);
  }

  private long publish(ArticleDraft draft, Instant at) {
    long id = publishing.create(draft, EDITOR);
    if (at == null) {
      publishing.publishNow(id, EDITOR);
    } else {
      publishing.publishBackdated(id, at, EDITOR);
    }
    return id;
  }

  private String path(long id) {
    return articles.get(id).path(platform.timeZone());
  }

  private static String fileOf(String path) {
    return path.substring(1) + "/index.html";
  }

  /**
   * A broken link in an article another test wrote (one links an image that was never uploaded, on
   * purpose).
   */
  private static boolean isOtherTestsArticle(BrokenLink link, List<String> ours) {
    return link.file().matches("\\d{4}/\\d{2}/\\d{2}/[^/]+/index\\.html")
        && !ours.contains(link.file());
  }

  private Document html(String file) {
    return Jsoup.parse(text(file));
  }

  private String text(String file) {
    try {
      return Files.readString(out.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> textFiles() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> out.relativize(p).toString())
          .filter(f -> !f.startsWith("media/") && !f.startsWith(".") && !f.endsWith(".ico"))
          .sorted()
          .toList();
    }
  }

  static byte[] png(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(
        new GradientPaint(0, 0, new Color(40, 60, 90), width, height, new Color(200, 180, 140)));
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}

package org.samizdat.reach.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.ListSize;
import org.samizdat.publishing.Section;
import org.samizdat.publishing.Tag;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.reach.export.ExportPaths.Address;
import org.samizdat.site.SiteLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an export writes, as publishing and the site's own addresses say, before anything is read:
 * the pages to start from, how many files that makes (so progress has a total from the first
 * second), and which article each article address is (so the list pages' contents can be indexed).
 * The crawl finds the rest through links: further pages of lists, images, the stylesheet.
 */
class ExportPlan {

  private static final Logger log = LoggerFactory.getLogger(ExportPlan.class);

  /** Articles on each page of a list, as the site pages them. */
  static final int LIST_PAGE = 12;

  /** Files every copy has besides the lists and articles: sitemaps, the mirror list, assets. */
  static final List<String> ALWAYS =
      List.of(
          "/sitemap.xml",
          "/sitemap-pages.xml",
          "/sitemap-articles.xml",
          "/sitemap-news.xml",
          // the signed list of mirrors, byte for byte, so a reader holding the copy can still
          // verify it
          "/mirrors.json",
          "/mirrors.json.sig",
          "/mirrors.pub",
          "/mirrors.pem",
          "/css/site.css",
          "/js/site.js",
          "/js/experiments.js",
          "/js/live.js",
          "/favicon.svg",
          "/favicon.ico");

  private List<Address> seeds;

  /** Hashes of the addresses the copy holds ({@link LongHashes}: 150,000 strings are 20 MB). */
  private final LongHashes.LongSet known;

  /** The article each article's file shows, by the hash of the file's name. */
  private final LongHashes.LongLongMap articleByFile;

  private final long expected;

  private ExportPlan(
      List<Address> seeds,
      LongHashes.LongSet known,
      LongHashes.LongLongMap articleByFile,
      long expected) {
    this.seeds = seeds;
    this.known = known;
    this.articleByFile = articleByFile;
    this.expected = expected;
  }

  /** Where to start: the pages publishing says are live. */
  List<Address> seeds() {
    return seeds;
  }

  /** Lets the seeds go once the crawl has queued them, so they leave the heap as they are done. */
  void forgetSeeds() {
    seeds = List.of();
  }

  /**
   * Whether the copy holds this page (any page of a list it holds): a link to a page it does not
   * hold (the language switch of a tag page, say: tags belong to one edition) leads to the main
   * site.
   */
  boolean holds(Address address) {
    return known.contains(LongHashes.of(address.page() > 1 ? address.path() : address.request()));
  }

  /** The article a file of the copy shows, if it is an article's page. */
  Optional<Long> articleOf(String file) {
    long id = articleByFile.get(LongHashes.of(file), Long.MIN_VALUE);
    return id == Long.MIN_VALUE ? Optional.empty() : Optional.of(id);
  }

  /** Files this export expects to write or find unchanged, images aside. */
  long expected() {
    return expected;
  }

  /**
   * The whole site: both editions' fronts, every section, tag with a live article, author with a
   * byline, article, feed and sitemap, and every further page of each list.
   */
  static ExportPlan whole(Articles articles, Taxonomy taxonomy) {
    Map<String, Long> sizes = new HashMap<>();
    for (ListSize s : articles.liveListSizes()) {
      sizes.put(key(s.kind(), s.id(), s.language()), s.live());
    }
    Set<String> paths = new LinkedHashSet<>();
    // Every page of every list from the start: found only through each page's "next" link, a
    // list's pages were read one after the other, and the last long lists (the fronts, thousands
    // of pages each) kept one core busy while the other waited.
    java.util.function.BiConsumer<String, Long> list =
        (path, live) -> {
          paths.add(path);
          long pages = (live + LIST_PAGE - 1) / LIST_PAGE;
          for (long page = 2; page <= Math.min(pages, ExportPaths.MAX_PAGE); page++) {
            paths.add(path + "?page=" + page);
          }
        };
    List<Section> sections = taxonomy.sections();
    for (Language language : Language.values()) {
      list.accept(SiteLinks.home(language), size(sizes, "edition", 0, language));
      paths.add(SiteLinks.about(language));
      paths.add(SiteLinks.edition(language, "/support"));
      paths.add(SiteLinks.edition(language, "/support/safely"));
      feeds(paths, SiteLinks.home(language));
      for (Section section : sections) {
        String page = SiteLinks.section(language, section.slug());
        list.accept(page, size(sizes, "section", section.id(), language));
        feeds(paths, page);
      }
    }
    for (Tag tag : taxonomy.allTags()) {
      // a tag only drafts carry answers 404 on the site: it would give the story away
      long live = size(sizes, "tag", tag.id(), tag.language());
      if (live > 0) {
        String page = SiteLinks.tag(tag.language(), tag.slug());
        list.accept(page, live);
        feeds(paths, page);
      }
    }
    for (Author author : taxonomy.authors()) {
      boolean bylined = false;
      for (Language language : Language.values()) {
        bylined |= size(sizes, "author", author.id(), language) > 0;
      }
      if (bylined) {
        for (Language language : Language.values()) {
          list.accept(
              SiteLinks.author(language, author.slug()),
              size(sizes, "author", author.id(), language));
        }
      }
    }
    LongHashes.LongLongMap articleByFile = new LongHashes.LongLongMap(16);
    articles.forEachLiveArticle(
        a -> {
          paths.add(a.path());
          articleByFile.put(LongHashes.of(ExportPaths.file(Address.of(a.path()))), a.id());
        });
    paths.addAll(ALWAYS);
    List<Address> seeds = addresses(paths);
    LongHashes.LongSet known = new LongHashes.LongSet(seeds.size());
    seeds.forEach(a -> known.add(LongHashes.of(a.page() > 1 ? a.path() : a.request())));
    known.add(LongHashes.of("/robots.txt"));
    return new ExportPlan(seeds, known, articleByFile, seeds.size() + 1);
  }

  /**
   * What shows these changed articles, in a copy that holds {@code files}: each article's page (and
   * its page at an address it had before), its translation's, the first page and the feeds of each
   * of its lists (both fronts, its section, its tags, its authors), every list page the index says
   * showed it, and the sitemaps.
   *
   * @param changed the articles as they are now (empty for one that is gone for good)
   * @param inFolder whether the copy has a file now
   */
  static ExportPlan changes(
      Map<Long, Optional<Article>> changed,
      Map<Long, Optional<Article>> translations,
      ExportIndex index,
      java.util.function.Predicate<String> inFolder,
      java.time.ZoneId zone) {
    Set<String> paths = new LinkedHashSet<>();
    LongHashes.LongLongMap articleByFile = new LongHashes.LongLongMap(16);
    for (Language language : Language.values()) {
      paths.add(SiteLinks.home(language));
      feeds(paths, SiteLinks.home(language));
    }
    for (Map.Entry<Long, Optional<Article>> change : changed.entrySet()) {
      long id = change.getKey();
      index.articleFile(id).ifPresent(f -> ExportPaths.request(f).ifPresent(paths::add));
      Optional<Article> now = change.getValue();
      if (now.isEmpty()) {
        continue;
      }
      // a withdrawn article's lists and translation change too: they showed it
      Article a = now.get();
      if (a.isLive()) {
        String path = a.path(zone);
        paths.add(path);
        articleByFile.put(LongHashes.of(ExportPaths.file(Address.of(path))), id);
      }
      Optional<Article> translation = translations.getOrDefault(id, Optional.empty());
      translation.filter(Article::isLive).ifPresent(t -> paths.add(t.path(zone)));
      Language language = a.language();
      if (a.section() != null) {
        String page = SiteLinks.section(language, a.section().slug());
        paths.add(page);
        feeds(paths, page);
      }
      for (Tag tag : a.tags()) {
        String page = SiteLinks.tag(tag.language(), tag.slug());
        paths.add(page);
        feeds(paths, page);
      }
      for (Author author : a.authors()) {
        for (Language edition : Language.values()) {
          paths.add(SiteLinks.author(edition, author.slug()));
        }
      }
    }
    for (String list : index.listsShowing(changed.keySet())) {
      ExportPaths.request(list).ifPresent(paths::add);
    }
    paths.addAll(ALWAYS.subList(0, 4));
    List<Address> seeds = addresses(paths);
    LongHashes.LongSet known = new LongHashes.LongSet(seeds.size());
    seeds.forEach(a -> known.add(LongHashes.of(a.path())));
    return new ExportPlan(seeds, known, articleByFile, seeds.size()) {
      @Override
      boolean holds(Address address) {
        // the copy holds what its folder has (the first page of a list stands for all of them)
        return known.contains(LongHashes.of(address.path()))
            || inFolder.test(ExportPaths.file(new Address(address.path(), 1)));
      }
    };
  }

  /** Adds the article files of a copy the index knows, for list pages written again. */
  void knowArticles(Map<Long, String> files) {
    files.forEach((id, file) -> articleByFile.putIfAbsent(LongHashes.of(file), id));
  }

  private static void feeds(Set<String> paths, String list) {
    String base = list.endsWith("/") ? list.substring(0, list.length() - 1) : list;
    paths.add(base + "/feed.rss");
    paths.add(base + "/feed.atom");
    paths.add(base + "/feed.json");
  }

  private static long size(Map<String, Long> sizes, String kind, long id, Language language) {
    return sizes.getOrDefault(key(kind, id, language), 0L);
  }

  private static String key(String kind, long id, Language language) {
    return kind + "/" + id + "/" + language.code();
  }

  private static List<Address> addresses(Collection<String> paths) {
    List<Address> seeds = new ArrayList<>();
    for (String path : paths) {
      String[] request = path.split("\\?", 2);
      ExportPaths.address(request[0], request.length > 1 ? request[1] : null)
          .ifPresentOrElse(
              seeds::add,
              () ->
                  log.warn(
                      "Static export: '{}' is not an address the copy can hold; it is left out",
                      path));
    }
    return seeds;
  }
}

package org.samizdat.publishing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.samizdat.platform.OneLine;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.platform.i18n.Language;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Sections, tags and authors: how the newsroom's articles are organised and signed. */
@Service
@Transactional
public class Taxonomy {

  private final TaxonomyRepository repository;
  private final ReaderReads reads;
  private final ClusterInvalidation invalidation;

  /** What reader pages ask the taxonomy for, as keys of {@link ReaderReads}. */
  private record Sections() {}

  private record SectionBySlug(String slug) {}

  private record AuthorBySlug(String slug) {}

  private record TagBySlug(Language language, String slug) {}

  Taxonomy(TaxonomyRepository repository, ReaderReads reads, ClusterInvalidation invalidation) {
    this.repository = repository;
    this.reads = reads;
    this.invalidation = invalidation;
  }

  /** The sections in their order, as every reader page's navigation shows them. */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public List<Section> sections() {
    return reads.get(new Sections(), repository::sections);
  }

  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Optional<Section> section(String slug) {
    return known(new SectionBySlug(slug), () -> repository.sectionBySlug(slug));
  }

  @Transactional(readOnly = true)
  public List<Author> authors() {
    return repository.authors();
  }

  @Transactional(readOnly = true)
  public Optional<Author> author(long id) {
    return repository.author(id);
  }

  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Optional<Author> author(String slug) {
    return known(new AuthorBySlug(slug), () -> repository.authorBySlug(slug));
  }

  @Transactional(readOnly = true)
  public List<Tag> tags(Language language) {
    return repository.tags(language);
  }

  @Transactional(readOnly = true)
  public List<Tag> allTags() {
    return repository.allTags();
  }

  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  public Optional<Tag> tag(Language language, String slug) {
    return known(new TagBySlug(language, slug), () -> repository.tag(language, slug));
  }

  /**
   * What a reader's address names, kept while nothing changes; addresses that name nothing are read
   * again each time (they are not worth the room, and may name something created later).
   */
  private <T> Optional<T> known(Object what, Supplier<Optional<T>> read) {
    return Optional.ofNullable(reads.get(what, () -> read.get().orElse(null)));
  }

  /**
   * Every reader page names sections, and articles name their authors and tags: drop every cached
   * page and datum on every node once this change commits (renames are rare).
   */
  private void changed() {
    invalidation.evictOnCommit(List.of("*"));
  }

  public long createSection(String slug, String nameEn, String nameRu, int position) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkSlug(slug, problems);
    checkName("nameEn", nameEn, 80, problems);
    checkName("nameRu", nameRu, 80, problems);
    reject(problems);
    try {
      long id = repository.insertSection(slug, nameEn.trim(), nameRu.trim(), position);
      changed();
      return id;
    } catch (DuplicateKeyException e) {
      throw new ArticleRejected("slug", "A section with the slug '" + slug + "' already exists.");
    }
  }

  public void updateSection(long id, String nameEn, String nameRu, int position) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkName("nameEn", nameEn, 80, problems);
    checkName("nameRu", nameRu, 80, problems);
    reject(problems);
    repository.updateSection(id, nameEn.trim(), nameRu.trim(), position);
    changed();
  }

  public long createAuthor(String name, String slug, String bio) {
    Map<String, String> problems = new LinkedHashMap<>();
    String s = slug == null || slug.isBlank() ? Slugs.from(name, 80) : slug.trim();
    checkName("name", name, 120, problems);
    checkSlug(s, problems);
    if (bio != null && bio.length() > 2000) {
      problems.put("bio", "Keep the biography to 2000 characters.");
    }
    reject(problems);
    try {
      return repository.insertAuthor(s, OneLine.of(name), bio == null ? "" : bio.trim());
    } catch (DuplicateKeyException e) {
      throw new ArticleRejected("slug", "An author with the slug '" + s + "' already exists.");
    }
  }

  public void updateAuthor(long id, String name, String bio) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkName("name", name, 120, problems);
    if (bio != null && bio.length() > 2000) {
      problems.put("bio", "Keep the biography to 2000 characters.");
    }
    reject(problems);
    repository.updateAuthor(id, OneLine.of(name), bio == null ? "" : bio.trim());
    changed();
  }

  public Tag tag(Language language, String name, boolean create) {
    return repository.tagFor(language, name.trim());
  }

  public void renameTag(long id, String name) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkName("name", name, 80, problems);
    reject(problems);
    repository.renameTag(id, name.trim());
    changed();
  }

  private static void checkSlug(String slug, Map<String, String> problems) {
    if (!Slugs.isValid(slug, 80)) {
      problems.put(
          "slug",
          "Use only lower-case Latin letters, digits and single hyphens (at most 80), like 'world-news'.");
    }
  }

  private static void checkName(String field, String value, int max, Map<String, String> problems) {
    if (value == null
        || value.trim().isEmpty()) { // trim(), as stored: it also drops control characters
      problems.put(field, "This cannot be empty.");
    } else if (value.trim().length() > max) {
      problems.put(field, "Keep this to " + max + " characters.");
    }
  }

  private static void reject(Map<String, String> problems) {
    if (!problems.isEmpty()) {
      throw new ArticleRejected(problems);
    }
  }
}

package org.samizdat.publishing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.OneLine;
import org.samizdat.platform.i18n.Language;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sections, tags and authors: how the newsroom's articles are organised and signed. */
@Service
@Transactional
public class Taxonomy {

  private final TaxonomyRepository repository;

  Taxonomy(TaxonomyRepository repository) {
    this.repository = repository;
  }

  @Transactional(readOnly = true)
  public List<Section> sections() {
    return repository.sections();
  }

  @Transactional(readOnly = true)
  public Optional<Section> section(String slug) {
    return repository.sectionBySlug(slug);
  }

  @Transactional(readOnly = true)
  public List<Author> authors() {
    return repository.authors();
  }

  @Transactional(readOnly = true)
  public Optional<Author> author(long id) {
    return repository.author(id);
  }

  @Transactional(readOnly = true)
  public Optional<Author> author(String slug) {
    return repository.authorBySlug(slug);
  }

  @Transactional(readOnly = true)
  public List<Tag> tags(Language language) {
    return repository.tags(language);
  }

  @Transactional(readOnly = true)
  public List<Tag> allTags() {
    return repository.allTags();
  }

  @Transactional(readOnly = true)
  public Optional<Tag> tag(Language language, String slug) {
    return repository.tag(language, slug);
  }

  public long createSection(String slug, String nameEn, String nameRu, int position) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkSlug(slug, problems);
    checkName("nameEn", nameEn, 80, problems);
    checkName("nameRu", nameRu, 80, problems);
    reject(problems);
    try {
      return repository.insertSection(slug, nameEn.trim(), nameRu.trim(), position);
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
  }

  public Tag tag(Language language, String name, boolean create) {
    return repository.tagFor(language, name.trim());
  }

  public void renameTag(long id, String name) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkName("name", name, 80, problems);
    reject(problems);
    repository.renameTag(id, name.trim());
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

package org.samizdat.publishing;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.samizdat.platform.i18n.Language;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TaxonomyRepository {

  // what the row mappers below (section, author, tag) read
  private static final String SECTIONS = "SELECT id, slug, name_en, name_ru, position FROM section";
  private static final String AUTHORS = "SELECT id, slug, name, bio FROM author";
  private static final String TAGS = "SELECT id, language, slug, name FROM tag";

  private final JdbcClient jdbc;

  TaxonomyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<Section> sections() {
    return jdbc.sql(SECTIONS + " ORDER BY position, id").query(TaxonomyRepository::section).list();
  }

  Optional<Section> section(long id) {
    return jdbc.sql(SECTIONS + " WHERE id = :id")
        .param("id", id)
        .query(TaxonomyRepository::section)
        .optional();
  }

  Optional<Section> sectionBySlug(String slug) {
    return jdbc.sql(SECTIONS + " WHERE slug = :slug")
        .param("slug", slug)
        .query(TaxonomyRepository::section)
        .optional();
  }

  long insertSection(String slug, String nameEn, String nameRu, int position) {
    return jdbc.sql(
            "INSERT INTO section (slug, name_en, name_ru, position) VALUES (:slug, :en, :ru, :pos) RETURNING id")
        .param("slug", slug)
        .param("en", nameEn)
        .param("ru", nameRu)
        .param("pos", position)
        .query(Long.class)
        .single();
  }

  void updateSection(long id, String nameEn, String nameRu, int position) {
    jdbc.sql("UPDATE section SET name_en = :en, name_ru = :ru, position = :pos WHERE id = :id")
        .param("id", id)
        .param("en", nameEn)
        .param("ru", nameRu)
        .param("pos", position)
        .update();
  }

  List<Author> authors() {
    return jdbc.sql(AUTHORS + " ORDER BY name").query(TaxonomyRepository::author).list();
  }

  Optional<Author> author(long id) {
    return jdbc.sql(AUTHORS + " WHERE id = :id")
        .param("id", id)
        .query(TaxonomyRepository::author)
        .optional();
  }

  Optional<Author> authorBySlug(String slug) {
    return jdbc.sql(AUTHORS + " WHERE slug = :slug")
        .param("slug", slug)
        .query(TaxonomyRepository::author)
        .optional();
  }

  long insertAuthor(String slug, String name, String bio) {
    return jdbc.sql("INSERT INTO author (slug, name, bio) VALUES (:slug, :name, :bio) RETURNING id")
        .param("slug", slug)
        .param("name", name)
        .param("bio", bio)
        .query(Long.class)
        .single();
  }

  void updateAuthor(long id, String name, String bio) {
    jdbc.sql("UPDATE author SET name = :name, bio = :bio WHERE id = :id")
        .param("id", id)
        .param("name", name)
        .param("bio", bio)
        .update();
  }

  List<Tag> tags(Language language) {
    return jdbc.sql(TAGS + " WHERE language = :lang ORDER BY name")
        .param("lang", language.code())
        .query(TaxonomyRepository::tag)
        .list();
  }

  List<Tag> allTags() {
    return jdbc.sql(TAGS + " ORDER BY language, name").query(TaxonomyRepository::tag).list();
  }

  Optional<Tag> tag(Language language, String slug) {
    return jdbc.sql(TAGS + " WHERE language = :lang AND slug = :slug")
        .param("lang", language.code())
        .param("slug", slug)
        .query(TaxonomyRepository::tag)
        .optional();
  }

  /** The tag with this name's slug in this language, created if new. */
  Tag tagFor(Language language, String name) {
    String slug = Slugs.from(name, 80);
    jdbc.sql(
            """
            INSERT INTO tag (language, slug, name) VALUES (:lang, :slug, :name)
            ON CONFLICT (language, slug) DO NOTHING
            """)
        .param("lang", language.code())
        .param("slug", slug)
        .param("name", name)
        .update();
    return tag(language, slug).orElseThrow();
  }

  void renameTag(long id, String name) {
    jdbc.sql("UPDATE tag SET name = :name WHERE id = :id")
        .param("id", id)
        .param("name", name)
        .update();
  }

  boolean imageExists(long id) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM media_image WHERE id = :id)")
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  static Section section(ResultSet rs, int n) throws SQLException {
    return new Section(
        rs.getLong("id"),
        rs.getString("slug"),
        rs.getString("name_en"),
        rs.getString("name_ru"),
        rs.getInt("position"));
  }

  static Author author(ResultSet rs, int n) throws SQLException {
    return new Author(
        rs.getLong("id"), rs.getString("slug"), rs.getString("name"), rs.getString("bio"));
  }

  static Tag tag(ResultSet rs, int n) throws SQLException {
    return new Tag(
        rs.getLong("id"),
        Language.fromCode(rs.getString("language")).orElseThrow(),
        rs.getString("slug"),
        rs.getString("name"));
  }

  static Image image(ResultSet rs, String prefix) throws SQLException {
    long id = rs.getLong(prefix + "id");
    if (rs.wasNull()) {
      return null;
    }
    Array widths = rs.getArray(prefix + "widths");
    List<Integer> list = new ArrayList<>(Arrays.asList((Integer[]) widths.getArray()));
    return new Image(
        id,
        rs.getString(prefix + "key"),
        rs.getString(prefix + "content_type"),
        rs.getInt(prefix + "width"),
        rs.getInt(prefix + "height"),
        List.copyOf(list),
        rs.getString(prefix + "alt_text"),
        rs.getBoolean(prefix + "webp"));
  }
}

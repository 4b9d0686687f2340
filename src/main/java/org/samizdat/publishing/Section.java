package org.samizdat.publishing;

public record Section(long id, String slug, String nameEn, String nameRu, int position) {
  public String name(Language language) {
    return language == Language.RU ? nameRu : nameEn;
  }
}

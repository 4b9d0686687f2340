package org.samizdat.publishing;

import org.samizdat.platform.i18n.Language;

public record Section(long id, String slug, String nameEn, String nameRu, int position) {
  public String name(Language language) {
    return language == Language.RU ? nameRu : nameEn;
  }
}

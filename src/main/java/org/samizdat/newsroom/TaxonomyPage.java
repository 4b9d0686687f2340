package org.samizdat.newsroom;

import java.util.Map;
import org.samizdat.publishing.Taxonomy;

public record TaxonomyPage(String kind, Taxonomy taxonomy, Map<String, String> errors) {
  public String error(String field) {
    return errors.get(field);
  }
}

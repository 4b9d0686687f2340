package org.samizdat.newsroom;

import java.util.Map;
import org.samizdat.publishing.Author;

public record StaffPage(
    java.util.List<StaffMember> staff,
    java.util.List<Author> authors,
    Map<String, String> errors,
    boolean secondFactorRequired,
    Map<Long, String> secondFactors) {

  /**
   * What second factors this member has, in words (authenticator app, 2 passkeys); empty if none.
   */
  public String secondFactorsOf(long id) {
    return secondFactors.getOrDefault(id, "");
  }

  public String authorName(Long id) {
    return id == null
        ? ""
        : authors.stream().filter(a -> a.id() == id).map(Author::name).findFirst().orElse("");
  }
}

package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.publishing.Review;

/** The editors' review queue. */
public record ReviewPage(List<Waiting> waiting, String timeZone) {

  /** One draft in the queue. */
  public record Waiting(long id, String headline, String language, Review review) {}
}

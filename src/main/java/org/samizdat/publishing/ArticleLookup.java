package org.samizdat.publishing;

/** What a public address leads to. */
public sealed interface ArticleLookup {
  record Found(Article article) implements ArticleLookup {}

  /** The article was renamed; its address is now {@code path}. */
  record Moved(String path) implements ArticleLookup {}

  /** The article was published here once and has been withdrawn. */
  record Withdrawn() implements ArticleLookup {}

  record Missing() implements ArticleLookup {}
}

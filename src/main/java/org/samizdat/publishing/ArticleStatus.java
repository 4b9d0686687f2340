package org.samizdat.publishing;

public enum ArticleStatus {
  DRAFT,
  SCHEDULED,
  PUBLISHED,
  UNPUBLISHED
}

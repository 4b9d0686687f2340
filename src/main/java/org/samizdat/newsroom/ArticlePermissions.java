package org.samizdat.newsroom;

import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleStatus;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who may do what with an article in the newsroom. Editors and admins publish and change anyone's
 * work; an author opens only their own articles and edits only their own drafts that are not in the
 * trash. A refusal is an {@link AccessDeniedException} (403 with the reason).
 */
final class ArticlePermissions {

  private ArticlePermissions() {}

  static boolean mayPublish(StaffPrincipal me) {
    return me.role().canPublish();
  }

  static boolean mayEdit(Article article, StaffPrincipal me) {
    return mayEdit(me, article.createdBy(), article.status(), article.deletedAt() != null);
  }

  static boolean mayEdit(StaffPrincipal me, Long createdBy, ArticleStatus status, boolean trashed) {
    if (mayPublish(me)) {
      return true;
    }
    return isOwn(me, createdBy) && status == ArticleStatus.DRAFT && !trashed;
  }

  static boolean maySee(Article article, StaffPrincipal me) {
    return maySee(me, article.createdBy());
  }

  static boolean maySee(StaffPrincipal me, Long createdBy) {
    return mayPublish(me) || isOwn(me, createdBy);
  }

  static void requireCanSee(Article article, StaffPrincipal me) {
    if (!maySee(article, me)) {
      throw new AccessDeniedException("Authors can open only their own articles.");
    }
  }

  static void requireCanEdit(Article article, StaffPrincipal me) {
    if (!mayEdit(article, me)) {
      throw new AccessDeniedException("Authors can edit only their own drafts.");
    }
  }

  static void requirePublisher(StaffPrincipal me) {
    if (!mayPublish(me)) {
      throw new AccessDeniedException("Only editors and admins can do this.");
    }
  }

  private static boolean isOwn(StaffPrincipal me, Long createdBy) {
    return createdBy != null && createdBy == me.id();
  }
}

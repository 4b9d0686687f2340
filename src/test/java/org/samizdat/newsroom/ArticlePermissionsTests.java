package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.samizdat.publishing.ArticleStatus;
import org.springframework.security.access.AccessDeniedException;

class ArticlePermissionsTests {

  static final StaffPrincipal ADMIN = staff(1, StaffRole.ADMIN);
  static final StaffPrincipal EDITOR = staff(2, StaffRole.EDITOR);
  static final StaffPrincipal AUTHOR = staff(3, StaffRole.AUTHOR);
  static final StaffPrincipal OTHER_AUTHOR = staff(4, StaffRole.AUTHOR);

  static StaffPrincipal staff(long id, StaffRole role) {
    return new StaffPrincipal(id, role + "@samizdat.test", role.name(), role, "", true);
  }

  @Test
  void editorsAndAdminsPublishAndEditAnythingEvenInTheTrash() {
    for (StaffPrincipal me : new StaffPrincipal[] {ADMIN, EDITOR}) {
      assertThat(ArticlePermissions.mayPublish(me)).isTrue();
      for (ArticleStatus status : ArticleStatus.values()) {
        assertThat(ArticlePermissions.mayEdit(me, AUTHOR.id(), status, true)).isTrue();
        assertThat(ArticlePermissions.mayEdit(me, null, status, false)).isTrue();
      }
      assertThat(ArticlePermissions.maySee(me, null)).isTrue();
      ArticlePermissions.requirePublisher(me);
    }
  }

  @Test
  void anAuthorEditsOnlyTheirOwnDraftsOutsideTheTrash() {
    assertThat(ArticlePermissions.mayPublish(AUTHOR)).isFalse();
    assertThat(ArticlePermissions.mayEdit(AUTHOR, AUTHOR.id(), ArticleStatus.DRAFT, false))
        .isTrue();
    assertThat(ArticlePermissions.mayEdit(AUTHOR, AUTHOR.id(), ArticleStatus.DRAFT, true))
        .as("in the trash")
        .isFalse();
    for (ArticleStatus status : ArticleStatus.values()) {
      if (status != ArticleStatus.DRAFT) {
        assertThat(ArticlePermissions.mayEdit(AUTHOR, AUTHOR.id(), status, false))
            .as(status.name())
            .isFalse();
      }
    }
    assertThat(ArticlePermissions.mayEdit(AUTHOR, OTHER_AUTHOR.id(), ArticleStatus.DRAFT, false))
        .as("someone else's draft")
        .isFalse();
    assertThat(ArticlePermissions.mayEdit(AUTHOR, null, ArticleStatus.DRAFT, false))
        .as("an article nobody on the staff created (the demo's)")
        .isFalse();
  }

  @Test
  void anAuthorOpensOnlyTheirOwnArticles() {
    assertThat(ArticlePermissions.maySee(AUTHOR, AUTHOR.id())).isTrue();
    assertThat(ArticlePermissions.maySee(AUTHOR, OTHER_AUTHOR.id())).isFalse();
    assertThat(ArticlePermissions.maySee(AUTHOR, null)).isFalse();
  }

  @Test
  void refusalsSayWhy() {
    assertThatThrownBy(() -> ArticlePermissions.requirePublisher(AUTHOR))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("Only editors and admins can do this.");
  }
}

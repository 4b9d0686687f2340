package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With no backup key configured (the shared test context sets none), admins are told on every
 * newsroom screen that backups are written in the clear, and how to change that. The other side, a
 * configured key and no notice, is checked in {@code BackupPrivacyIT}, which has one.
 */
class UnencryptedBackupNoticeIT extends IntegrationTest {

  static final String PASSWORD = "a long enough password";

  @Autowired StaffDirectory staff;

  @Test
  void anAdminIsToldThatBackupsAreNotEncryptedAndWhatToSet() {
    WebClient admin = admin();
    for (String screen :
        new String[] {"/newsroom/articles", "/newsroom/staff", "/newsroom/account"}) {
      var notice = admin.get(screen).html().select(".backup-notice");
      assertThat(notice).as(screen).hasSize(1);
      assertThat(notice.text())
          .as(screen)
          .contains("Backups are not encrypted")
          .contains("SAMIZDAT_BACKUP_PUBLIC_KEY");
    }
  }

  @Test
  void onlyAdminsAreTold() {
    String email = "backup-notice-" + UUID.randomUUID() + "@samizdat.test";
    staff.create(email, "Editor", PASSWORD, StaffRole.EDITOR, null);
    WebClient editor = client();
    editor.login(email, PASSWORD);
    assertThat(editor.get("/newsroom/articles").html().select(".backup-notice")).isEmpty();
  }
}

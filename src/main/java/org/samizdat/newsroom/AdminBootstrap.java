package org.samizdat.newsroom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * An empty database gets its first admin: from SAMIZDAT_ADMIN_EMAIL and SAMIZDAT_ADMIN_PASSWORD, or
 * else a generated password printed once, here, and never stored in clear.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  static final String DEFAULT_EMAIL = "admin@samizdat.local";

  private final StaffDirectory staff;
  private final NewsroomSettings settings;

  AdminBootstrap(StaffDirectory staff, NewsroomSettings settings) {
    this.staff = staff;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!staff.isEmpty()) {
      return;
    }
    String email =
        StringUtils.hasText(settings.adminEmail()) ? settings.adminEmail().trim() : DEFAULT_EMAIL;
    boolean generated = !StringUtils.hasText(settings.adminPassword());
    String password = generated ? StaffDirectory.generatePassword() : settings.adminPassword();
    staff.create(email, "Administrator", password, StaffRole.ADMIN, null);
    if (generated) {
      String banner =
          """

          ================================================================
           Samizdat: the first newsroom admin was created.
             e-mail:   %s
             password: %s
           Sign in at /newsroom/login and change it. It is shown only once.
          ================================================================
          """
              .formatted(email, password);
      System.out.println(banner);
      log.info("Created the first admin {} with a generated password (printed above, once)", email);
    } else {
      log.info(
          "Created the first admin {} from SAMIZDAT_ADMIN_EMAIL / SAMIZDAT_ADMIN_PASSWORD", email);
    }
  }
}

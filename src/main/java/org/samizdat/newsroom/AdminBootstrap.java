package org.samizdat.newsroom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * An empty database gets its first admin: from SAMIZDAT_ADMIN_EMAIL and SAMIZDAT_ADMIN_PASSWORD, or
 * else with no password and a one-time sign-in link printed at start-up, with which the admin
 * chooses one. No password is ever printed or logged. Until someone has a password, every start
 * prints a fresh link (a restart must not lock the newsroom out).
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  static final String DEFAULT_EMAIL = "admin@samizdat.local";

  private final StaffDirectory staff;
  private final SignInLinks links;
  private final NewsroomSettings settings;
  private final String baseUrl;

  AdminBootstrap(
      StaffDirectory staff,
      SignInLinks links,
      NewsroomSettings settings,
      @Value("${samizdat.site.base-url:http://localhost:8080}") String baseUrl) {
    this.staff = staff;
    this.links = links;
    this.settings = settings;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public void run(ApplicationArguments args) {
    String email =
        StringUtils.hasText(settings.adminEmail()) ? settings.adminEmail().trim() : DEFAULT_EMAIL;
    if (staff.isEmpty()) {
      if (StringUtils.hasText(settings.adminPassword())) {
        staff.create(email, "Administrator", settings.adminPassword(), StaffRole.ADMIN, null);
        log.info(
            "Created the first admin {} from SAMIZDAT_ADMIN_EMAIL / SAMIZDAT_ADMIN_PASSWORD",
            email);
        return;
      }
      long id = staff.createWithoutPassword(email, "Administrator", StaffRole.ADMIN);
      announce(email, links.issue(id), "was created");
      log.info("Created the first admin {}; the one-time sign-in link is printed above", email);
    } else if (!staff.anyoneCanSignIn()) {
      staff.all().stream()
          .filter(m -> m.role() == StaffRole.ADMIN && m.enabled())
          .findFirst()
          .ifPresent(
              admin -> {
                announce(admin.email(), links.issue(admin.id()), "has not signed in yet");
                log.info(
                    "The first admin {} has no password yet; a new one-time sign-in link is printed above",
                    admin.email());
              });
    }
  }

  private void announce(String email, String token, String what) {
    System.out.println(
        """

        ================================================================
         Samizdat: the first newsroom admin %s.
           e-mail:   %s
           sign in:  %s/newsroom/welcome/%s
         The link works once, within 24 hours: choose a password there,
         then add an authenticator app under "Account".
        ================================================================
        """
            .formatted(what, email, baseUrl, token));
  }
}

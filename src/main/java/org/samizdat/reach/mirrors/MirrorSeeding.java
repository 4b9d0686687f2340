package org.samizdat.reach.mirrors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.samizdat.platform.InputRejected;
import org.samizdat.site.SiteSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the very first start, the mirror list and onion address come from SAMIZDAT_MIRRORS and
 * SAMIZDAT_ONION_ADDRESS; from then on editors keep them in the newsroom and those settings are not
 * read again. An address that does not pass the newsroom's checks is left out, with a line in the
 * log saying why, rather than stopping the site from starting.
 */
@Component
@Order(1) // after the first admin (0), before the demo content (10), which takes a while
class MirrorSeeding implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(MirrorSeeding.class);

  private final MirrorRepository repository;
  private final MirrorSettings settings;
  private final SiteSettings site;
  private final Clock clock;
  private final TransactionTemplate transaction;

  MirrorSeeding(
      MirrorRepository repository,
      MirrorSettings settings,
      SiteSettings site,
      Clock clock,
      TransactionTemplate transaction) {
    this.repository = repository;
    this.settings = settings;
    this.site = site;
    this.clock = clock;
    this.transaction = transaction;
  }

  @Override
  public void run(ApplicationArguments args) {
    seed(settings.mirrors(), settings.onionAddress());
  }

  /**
   * @return true when this call seeded the database (the first start of the first node)
   */
  boolean seed(List<String> mirrors, String onionAddress) {
    String onion = null;
    try {
      onion = MirrorAddresses.onion(onionAddress);
    } catch (InputRejected e) {
      log.warn(
          "SAMIZDAT_ONION_ADDRESS is not used: {} Set the onion address in the newsroom (Mirrors).",
          e.problems().get("onion"));
    }
    List<String> urls = new ArrayList<>();
    for (String typed : mirrors) {
      if (typed == null || typed.isBlank()) {
        continue;
      }
      try {
        String url = MirrorAddresses.mirror(typed.strip(), site.baseUrl(), settings.outbound());
        if (!urls.contains(url) && urls.size() < MirrorAddresses.MAX_MIRRORS) {
          urls.add(url);
        }
      } catch (IllegalArgumentException e) {
        log.warn(
            "SAMIZDAT_MIRRORS: left out {} Add it in the newsroom (Mirrors) once fixed.",
            e.getMessage());
      }
    }
    String seededOnion = onion;
    Boolean seeded =
        transaction.execute(
            status -> {
              if (!repository.createSettings(seededOnion, clock.instant())) {
                return false;
              }
              repository.replace(urls, seededOnion, clock.instant());
              return true;
            });
    if (Boolean.TRUE.equals(seeded) && (!urls.isEmpty() || seededOnion != null)) {
      log.info(
          "Mirror list started with {} mirror(s) and {} onion address from the configuration; "
              + "editors change it in the newsroom (Mirrors)",
          urls.size(),
          seededOnion == null ? "no" : "an");
    }
    return Boolean.TRUE.equals(seeded);
  }
}

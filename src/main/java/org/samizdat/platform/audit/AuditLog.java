package org.samizdat.platform.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.samizdat.platform.security.SecuritySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit log of staff actions. Modules call {@link #record(String, String)} after an action
 * succeeded; the actor (the signed-in staff member) and the address come from the current request.
 * Entries cannot be changed or deleted (a trigger refuses it) except by the retention job, which
 * removes entries older than {@code samizdat.security.audit-retention}.
 */
@Service
public class AuditLog {

  /** The actions the newsroom records; a filter offers these. */
  public static final List<String> ACTIONS =
      List.of(
          "sign-in",
          "sign-in-failed",
          "sign-out",
          "sign-out-everywhere",
          "password-change",
          "second-factor-change",
          "article-publish",
          "article-schedule",
          "article-unpublish",
          "article-delete",
          "article-restore",
          "staff-create",
          "staff-role-change",
          "staff-disable",
          "staff-enable",
          "refund",
          "offline-gift",
          "export",
          "backup",
          "settings-change",
          "newsletter-subscriber-delete");

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final int MAX_LIST = 500;

  private final AuditEntryRepository entries;
  private final Clock clock;
  private final SecuritySettings settings;

  AuditLog(AuditEntryRepository entries, Clock clock, SecuritySettings settings) {
    this.entries = entries;
    this.clock = clock;
    this.settings = settings;
  }

  /** Records an action of the signed-in staff member, from the current request's address. */
  public void record(String action, String subject) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    record(auth == null ? "(system)" : auth.getName(), action, subject, currentAddress());
  }

  /**
   * Records an action by someone not (yet) signed in, such as a failed sign-in, in its own
   * transaction so it stays even when the caller's work is rolled back.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void recordAlone(String actor, String action, String subject, String address) {
    record(actor, action, subject, address);
  }

  public void record(String actor, String action, String subject, String address) {
    entries.insert(
        new AuditEntryRepository.NewEntry(
            clock.instant(),
            clip(actor, 300),
            clip(action, 60),
            clip(subject, 1000),
            address == null ? null : clip(address, 100)));
  }

  /** The newest entries matching the query, newest first (at most 500). */
  public List<AuditEntry> find(AuditQuery q) {
    return entries.find(q, MAX_LIST);
  }

  /**
   * Removes entries older than the retention period. Every node runs this; the one that locks the
   * job's row does the work, the others skip it.
   */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
  @Transactional
  public int applyRetention() {
    if (!entries.claimRetentionRun()) {
      return 0;
    }
    int removed = entries.deleteBefore(clock.instant().minus(settings.auditRetention()));
    entries.retentionRan(clock.instant());
    if (removed > 0) {
      log.info(
          "Removed {} audit log entries older than {} (samizdat.security.audit-retention)",
          removed,
          settings.auditRetention());
    }
    return removed;
  }

  private static String currentAddress() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
      HttpServletRequest request = a.getRequest();
      return request.getRemoteAddr();
    }
    return null;
  }

  private static String clip(String value, int max) {
    String v = value == null ? "" : value.replaceAll("\\p{Cntrl}", "?");
    return v.length() <= max ? v : v.substring(0, max);
  }
}

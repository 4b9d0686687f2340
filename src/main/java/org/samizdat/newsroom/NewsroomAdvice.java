package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.samizdat.backup.BackupKey;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Articles;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.RequestContextUtils;

/** Gives every newsroom page its chrome, and keeps staff pages out of every cache. */
@ControllerAdvice(basePackageClasses = NewsroomAdvice.class)
class NewsroomAdvice {

  private final PlatformSettings settings;
  private final SecondFactors factors;
  private final Articles articles;
  private final BackupKey backupKey;

  NewsroomAdvice(
      PlatformSettings settings, SecondFactors factors, Articles articles, BackupKey backupKey) {
    this.settings = settings;
    this.backupKey = backupKey;
    this.factors = factors;
    this.articles = articles;
    Format.zone = settings.timeZone();
  }

  @ModelAttribute("chrome")
  StaffChrome chrome(
      @AuthenticationPrincipal StaffPrincipal principal,
      HttpServletRequest request,
      HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
    String message = flash == null ? null : (String) flash.get("flash");
    return new StaffChrome(
        settings.name(),
        principal == null ? "" : principal.displayName(),
        principal == null ? null : principal.role(),
        csrf == null ? "_csrf" : csrf.getParameterName(),
        csrf == null ? "" : csrf.getToken(),
        message,
        // admins are told on every screen until they require a second factor of everyone
        principal != null && principal.role() == StaffRole.ADMIN && !factors.required(),
        principal != null && principal.role().canPublish() ? articles.reviewQueueSize() : 0,
        // and, as long as no key is configured, that a copied backup can be read by anyone
        principal != null && principal.role() == StaffRole.ADMIN && !backupKey.configured());
  }
}

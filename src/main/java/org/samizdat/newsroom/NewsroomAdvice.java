package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.samizdat.platform.PlatformSettings;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.RequestContextUtils;

/** Gives every newsroom page its chrome, and keeps staff pages out of every cache. */
@ControllerAdvice(basePackageClasses = NewsroomAdvice.class)
class NewsroomAdvice {

  private final PlatformSettings settings;

  NewsroomAdvice(PlatformSettings settings) {
    this.settings = settings;
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
        message);
  }
}

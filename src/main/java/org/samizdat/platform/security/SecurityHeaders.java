package org.samizdat.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The strict headers of {@link SecurityConfiguration}, for answers written where Spring Security's
 * header writer has not run: an error page for a request its firewall refused or that failed in a
 * filter ahead of it, and Tomcat's own refusals. A header already set is kept.
 */
public final class SecurityHeaders {

  private SecurityHeaders() {}

  public static void addIfMissing(HttpServletRequest request, HttpServletResponse response) {
    setIfMissing(
        response, "Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
    setIfMissing(response, "X-Frame-Options", "DENY");
    setIfMissing(response, "X-Content-Type-Options", "nosniff");
    setIfMissing(response, "Referrer-Policy", "same-origin");
    setIfMissing(response, "Permissions-Policy", SecurityConfiguration.PERMISSIONS_POLICY);
    if (request.isSecure()) {
      setIfMissing(response, "Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
    }
  }

  private static void setIfMissing(HttpServletResponse response, String name, String value) {
    if (!response.containsHeader(name)) {
      response.setHeader(name, value);
    }
  }
}

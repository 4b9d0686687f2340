package org.samizdat.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.samizdat.platform.audit.AuditLog;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A sign-in with a passkey is a full newsroom sign-in: the same principal as a password sign-in
 * (the staff member, loaded fresh, refused when disabled), a new session id and CSRF token, the
 * absolute session lifetime counted from now, the second factor done (the passkey verified its
 * user), an audit entry either way. Spring Security's WebAuthn filter does the ceremony; this
 * replaces what it does with the result.
 */
final class PasskeySignIn implements ObjectPostProcessor<WebAuthnAuthenticationFilter> {

  /**
   * Where Spring Security's filters take the ceremonies (outside /newsroom: their paths are fixed).
   */
  static final String SIGN_IN = "/login/webauthn";

  static final String SIGN_IN_OPTIONS = "/webauthn/authenticate/options";
  static final String REGISTER = "/webauthn/register";
  static final String REGISTER_OPTIONS = "/webauthn/register/options";

  private final WebAuthnRelyingPartyOperations ceremonies;
  private final UserDetailsService staff;
  private final StaffSessions sessions;
  private final AuditLog audit;

  PasskeySignIn(
      WebAuthnRelyingPartyOperations ceremonies,
      UserDetailsService staff,
      StaffSessions sessions,
      AuditLog audit) {
    this.ceremonies = ceremonies;
    this.staff = staff;
    this.sessions = sessions;
    this.audit = audit;
  }

  @Override
  public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
    filter.setAuthenticationManager(new ProviderManager(new StaffPasskeyProvider()));
    filter.setSessionAuthenticationStrategy(
        new CompositeSessionAuthenticationStrategy(
            List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository()))));
    filter.setAuthenticationSuccessHandler(this::succeeded);
    filter.setAuthenticationFailureHandler(this::failed);
    return filter;
  }

  private void succeeded(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    sessions.signedIn(request);
    // a password sign-in waiting for its second factor is replaced by this full one
    sessions.secondFactorDone(request);
    audit.record(authentication.getName(), "sign-in", "passkey", request.getRemoteAddr());
    var cache = new HttpSessionRequestCache();
    SavedRequest saved = cache.getRequest(request, response);
    String target = request.getContextPath() + "/newsroom";
    if (saved != null && saved.getRedirectUrl().contains("/newsroom")) {
      target = saved.getRedirectUrl();
      cache.removeRequest(request, response);
    }
    writeJson(
        response,
        HttpServletResponse.SC_OK,
        "{\"redirectUrl\":\"" + jsonText(target) + "\",\"authenticated\":true}");
  }

  private void failed(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    boolean disabled = exception instanceof DisabledException;
    audit.recordAlone(
        disabled ? LoginThrottle.printable(exception.getMessage()) : "(unknown)",
        "sign-in-failed",
        disabled ? "passkey; account disabled" : "passkey",
        request.getRemoteAddr());
    writeJson(
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        "{\"authenticated\":false,\"message\":\""
            + (disabled
                ? "This account is disabled: ask an admin of the newsroom."
                : "This passkey is not one of this newsroom's staff, or it could not be checked.")
            + "\"}");
  }

  private final class StaffPasskeyProvider implements AuthenticationProvider {
    private final AccountStatusUserDetailsChecker status = new AccountStatusUserDetailsChecker();

    @Override
    public Authentication authenticate(Authentication authentication) {
      var request = (WebAuthnAuthenticationRequestToken) authentication;
      PublicKeyCredentialUserEntity owner;
      UserDetails member;
      try {
        owner = ceremonies.authenticate(request.getWebAuthnRequest());
        member = staff.loadUserByUsername(owner.getName());
      } catch (RuntimeException e) {
        throw new BadCredentialsException("passkey refused: " + e.getMessage(), e);
      }
      if (!member.isEnabled()) {
        // the message carries the name, for the audit entry
        throw new DisabledException(member.getUsername());
      }
      status.check(member);
      if (member instanceof CredentialsContainer container) {
        container.eraseCredentials(); // no password hash in the session
      }
      Set<GrantedAuthority> authorities = new HashSet<>(member.getAuthorities());
      authorities.add(
          FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY));
      return UsernamePasswordAuthenticationToken.authenticated(member, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }
  }

  /**
   * Answers a passkey that could not be registered with 400 and its sentence (JSON for the page's
   * script), instead of a server error.
   */
  static final class RegistrationErrors extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      try {
        chain.doFilter(request, response);
      } catch (PasskeyRejected e) {
        if (response.isCommitted()) {
          throw e;
        }
        response.resetBuffer();
        writeJson(
            response,
            HttpServletResponse.SC_BAD_REQUEST,
            "{\"success\":false,\"message\":\"" + jsonText(e.getMessage()) + "\"}");
      }
    }
  }

  static void writeJson(HttpServletResponse response, int status, String json) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json);
  }

  static String jsonText(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '<' -> out.append("\\u003c");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

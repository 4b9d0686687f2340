package org.samizdat.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.samizdat.platform.audit.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two audiences, two chains. The newsroom: sessions (kept in PostgreSQL), form login, CSRF, a login
 * throttle, no caching. Readers: no session, no cookie, nothing per reader, so every page can be
 * cached by a CDN. Both get the same strict security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
          + "form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'";
  static final String PERMISSIONS_POLICY =
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

  @Bean
  PasswordEncoder passwordEncoder() {
    // bcrypt today, and old hashes keep working if the default ever moves on
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  @Order(1)
  SecurityFilterChain newsroom(
      HttpSecurity http,
      LoginThrottle throttle,
      StaffSessions sessions,
      SecuritySettings settings,
      AuditLog audit,
      ObjectProvider<SecondFactorCheck> secondFactors,
      WebAuthnRelyingPartyOperations passkeys,
      UserDetailsService staff)
      throws Exception {
    var success = new SavedRequestAwareAuthenticationSuccessHandler();
    success.setDefaultTargetUrl("/newsroom");
    // Spring Security's passkey ceremonies have fixed paths outside /newsroom; they belong here
    http.securityMatcher(
            "/newsroom/**",
            PasskeySignIn.SIGN_IN,
            PasskeySignIn.SIGN_IN_OPTIONS,
            PasskeySignIn.REGISTER,
            PasskeySignIn.REGISTER_OPTIONS,
            PasskeySignIn.REGISTER + "/*")
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/newsroom/login", "/newsroom/welcome/**")
                    .permitAll()
                    .requestMatchers("/newsroom/staff/**", "/newsroom/audit/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .authenticated())
        .formLogin(
            form ->
                form.loginPage("/newsroom/login")
                    .usernameParameter("email")
                    .successHandler(
                        (request, response, authentication) -> {
                          throttle.recordSuccess(authentication.getName(), request.getRemoteAddr());
                          sessions.signedIn(request);
                          SecondFactorCheck check = secondFactors.getIfAvailable();
                          SecondFactorCheck.Need need =
                              check == null
                                  ? SecondFactorCheck.Need.NOTHING
                                  : check.afterPassword(authentication.getName());
                          audit.record(
                              authentication.getName(),
                              "sign-in",
                              switch (need) {
                                case NOTHING -> "password";
                                case CODE -> "password; authenticator code asked";
                                case ENROLMENT -> "password; must set up a second factor";
                                case PASSKEY -> "password; passkey asked";
                              },
                              request.getRemoteAddr());
                          if (need == SecondFactorCheck.Need.NOTHING) {
                            success.onAuthenticationSuccess(request, response, authentication);
                          } else {
                            request
                                .getSession()
                                .setAttribute(StaffSessions.SECOND_FACTOR_NEED, need.name());
                            response.sendRedirect(
                                request.getContextPath() + SecondFactorGate.pageFor(need.name()));
                          }
                        })
                    .failureHandler(
                        (request, response, exception) -> {
                          throttle.recordFailure(
                              request.getParameter("email"), request.getRemoteAddr());
                          audit.record(
                              LoginThrottle.printable(request.getParameter("email")),
                              "sign-in-failed",
                              "password",
                              request.getRemoteAddr());
                          response.sendRedirect(request.getContextPath() + "/newsroom/login?error");
                        })
                    .permitAll())
        .logout(
            logout ->
                logout
                    .logoutUrl("/newsroom/logout")
                    .logoutSuccessUrl("/newsroom/login?logout")
                    .addLogoutHandler(
                        (request, response, authentication) -> {
                          if (authentication != null) {
                            audit.record(
                                authentication.getName(), "sign-out", "", request.getRemoteAddr());
                          }
                        }))
        .webAuthn(
            passkey ->
                passkey
                    .disableDefaultRegistrationPage(true)
                    .withObjectPostProcessor(new PasskeySignIn(passkeys, staff, sessions, audit)))
        .addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
        .addFilterAfter(
            new SessionLifetimeFilter(sessions, settings.sessionLifetime()),
            SecurityContextHolderFilter.class)
        .addFilterAfter(new SecondFactorGate(), SessionLifetimeFilter.class)
        .addFilterAfter(new PasskeySignIn.RegistrationErrors(), SecondFactorGate.class)
        .headers(SecurityConfiguration::strictHeaders);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain readers(HttpSecurity http) throws Exception {
    // Readers never sign in: no authorisation to decide, no one to sign out, no identity to put on
    // the request. Only the security headers are left, so a page the page cache does not hold
    // goes through two filters instead of ten (each also wrapped in an observation).
    http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .anonymous(anonymous -> anonymous.disable())
        .logout(logout -> logout.disable())
        .servletApi(api -> api.disable())
        .exceptionHandling(exceptions -> exceptions.disable())
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.disable())
        // Reader forms carry no authority: there is no session a forged request could ride on.
        .csrf(csrf -> csrf.disable())
        .headers(
            headers -> {
              strictHeaders(headers);
              headers.cacheControl(c -> c.disable());
            });
    return http.build();
  }

  private static void strictHeaders(
      org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity>
          headers) {
    headers
        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
        .frameOptions(f -> f.deny())
        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
        .permissionsPolicyHeader(p -> p.policy(PERMISSIONS_POLICY))
        .httpStrictTransportSecurity(h -> h.includeSubDomains(true).maxAgeInSeconds(31_536_000));
  }

  /**
   * Ends a sign-in that is older than the absolute session lifetime, however active it has been
   * (the idle timeout alone would let a busy session live for ever), and one that never recorded
   * when it began. The request then continues as anonymous, so it gets the sign-in page.
   */
  static final class SessionLifetimeFilter extends OncePerRequestFilter {
    private final StaffSessions sessions;
    private final Duration lifetime;

    SessionLifetimeFilter(StaffSessions sessions, Duration lifetime) {
      this.sessions = sessions;
      this.lifetime = lifetime;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      HttpSession session = request.getSession(false);
      if (session != null) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated()) {
          Object at = session.getAttribute(StaffSessions.SIGNED_IN_AT);
          boolean expired =
              !(at instanceof Long millis)
                  || !sessions.now().isBefore(Instant.ofEpochMilli(millis).plus(lifetime));
          if (expired) {
            session.invalidate();
            SecurityContextHolder.clearContext();
          }
        }
      }
      chain.doFilter(request, response);
    }
  }

  /**
   * Until a password sign-in has shown its second factor, only the code page (or, when one must
   * first be set up, the account screen and adding a passkey; or, when the member's second factor
   * is a passkey, the sign-in page) and signing out are open to it. A passkey sign-in, complete on
   * its own, is open to it always.
   */
  static final class SecondFactorGate extends OncePerRequestFilter {
    static final String CODE_PAGE = "/newsroom/login/code";
    static final String ACCOUNT_PAGE = "/newsroom/account";
    static final String PASSKEY_PAGE = "/newsroom/login";

    static String pageFor(String need) {
      return switch (need) {
        case "CODE" -> CODE_PAGE;
        case "PASSKEY" -> PASSKEY_PAGE + "?passkey";
        default -> ACCOUNT_PAGE;
      };
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      HttpSession session = request.getSession(false);
      Object need = session == null ? null : session.getAttribute(StaffSessions.SECOND_FACTOR_NEED);
      if (need != null) {
        String path = request.getServletPath();
        boolean open =
            path.equals("/newsroom/logout")
                || path.equals(PasskeySignIn.SIGN_IN)
                || path.equals(PasskeySignIn.SIGN_IN_OPTIONS)
                || ("CODE".equals(need) && path.equals(CODE_PAGE))
                || ("PASSKEY".equals(need) && path.equals(PASSKEY_PAGE))
                || ("ENROLMENT".equals(need)
                    && (path.equals(ACCOUNT_PAGE)
                        || path.startsWith(ACCOUNT_PAGE + "/")
                        || path.equals(PasskeySignIn.REGISTER)
                        || path.equals(PasskeySignIn.REGISTER_OPTIONS)));
        if (!open) {
          response.sendRedirect(request.getContextPath() + pageFor(need.toString()));
          return;
        }
      }
      chain.doFilter(request, response);
    }
  }

  /**
   * Refuses a sign-in attempt from an address that must still wait before the password is checked.
   */
  static final class ThrottleFilter extends OncePerRequestFilter {
    private final LoginThrottle throttle;

    ThrottleFilter(LoginThrottle throttle) {
      this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if ("POST".equals(request.getMethod())
          && "/newsroom/login".equals(request.getServletPath())) {
        Optional<Duration> wait =
            throttle.waitFor(request.getParameter("email"), request.getRemoteAddr());
        if (wait.isPresent()) {
          long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
          response.sendRedirect(request.getContextPath() + "/newsroom/login?wait=" + seconds);
          return;
        }
      }
      chain.doFilter(request, response);
    }
  }
}

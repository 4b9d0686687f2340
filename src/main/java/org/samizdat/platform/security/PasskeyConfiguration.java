package org.samizdat.platform.security;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Passkeys (WebAuthn) for staff, through Spring Security's own support: its JDBC repositories keep
 * every passkey in PostgreSQL (tables {@code user_entities} and {@code user_credentials}), so every
 * app node knows them; the challenges of a ceremony wait in the (PostgreSQL) session.
 *
 * <p>The relying party is the site's public address ({@code samizdat.site.base-url}): its host is
 * the RP id and its origin the one allowed origin. When that host is {@code localhost}
 * (development, tests) the port the app really listens on is allowed too, so an app started on
 * another port works. Passkeys must verify their user (PIN, fingerprint, face): a passkey sign-in
 * is then two factors in one, and counts as the second factor the newsroom may require.
 */
@Configuration(proxyBeanMethods = false)
class PasskeyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PasskeyConfiguration.class);

  /** The relying party: RP id, name shown by the authenticator, origins whose ceremonies count. */
  record RelyingParty(String id, String name, Set<String> origins) {

    static RelyingParty of(String baseUrl, String name) {
      URI uri = URI.create(baseUrl.strip());
      if (uri.getHost() == null || uri.getScheme() == null) {
        throw new IllegalStateException(
            "samizdat.site.base-url must be an absolute http(s) address (passkeys are bound to its"
                + " host); it is '"
                + baseUrl
                + "'");
      }
      String origin =
          uri.getScheme().toLowerCase()
              + "://"
              + uri.getHost().toLowerCase()
              + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
      // Webauthn4J reads the set at every ceremony: the local port can be added once it is known
      Set<String> origins = new CopyOnWriteArraySet<>();
      origins.add(origin);
      return new RelyingParty(uri.getHost().toLowerCase(), name, origins);
    }

    boolean local() {
      return id.equals("localhost");
    }
  }

  @Bean
  RelyingParty relyingParty(
      @Value("${samizdat.site.base-url:http://localhost:8080}") String baseUrl,
      PlatformSettings settings) {
    return RelyingParty.of(baseUrl, settings.name());
  }

  @EventListener
  void allowLocalPort(WebServerInitializedEvent event) {
    // the bean is looked up here so that this listener stays free of constructor arguments
    RelyingParty rp = event.getApplicationContext().getBean(RelyingParty.class);
    if (rp.local() && event.getWebServer().getPort() > 0) {
      String origin = "http://localhost:" + event.getWebServer().getPort();
      if (rp.origins().add(origin)) {
        log.debug("Passkeys: also allowing {} (the port this app listens on)", origin);
      }
    }
  }

  @Bean
  PublicKeyCredentialCreationOptionsRepository passkeyRegistrations() {
    return new SessionCreationOptions();
  }

  @Bean
  PublicKeyCredentialUserEntityRepository passkeyUsers(JdbcOperations jdbc) {
    return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
  }

  @Bean
  UserCredentialRepository passkeyCredentials(JdbcOperations jdbc, AuditLog audit) {
    return new AuditedPasskeys(new JdbcUserCredentialRepository(jdbc), audit);
  }

  @Bean
  WebAuthnRelyingPartyOperations passkeyOperations(
      PublicKeyCredentialUserEntityRepository users,
      UserCredentialRepository credentials,
      RelyingParty rp) {
    var operations =
        new Webauthn4JRelyingPartyOperations(
            users,
            credentials,
            PublicKeyCredentialRpEntity.builder().id(rp.id()).name(rp.name()).build(),
            rp.origins());
    operations.setCustomizeCreationOptions(
        options ->
            options.authenticatorSelection(
                AuthenticatorSelectionCriteria.builder()
                    .residentKey(ResidentKeyRequirement.REQUIRED)
                    .userVerification(UserVerificationRequirement.REQUIRED)
                    .build()));
    operations.setCustomizeRequestOptions(
        options -> options.userVerification(UserVerificationRequirement.REQUIRED));
    return new CheckedPasskeyOperations(operations, credentials);
  }
}

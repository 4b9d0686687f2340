package org.samizdat.reach.mirrors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.cache.ClusterInvalidation;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.Mirrors;
import org.samizdat.reach.SigningKeyStatus;
import org.samizdat.site.SiteSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the list in memory for the pages and the Onion-Location header, which ask on every request.
 * Another node's change arrives within {@link #TTL}; if the database is away, the last list read
 * stays in use.
 */
@Service
class MirrorService implements Mirrors {

  static final Duration TTL = Duration.ofSeconds(30);

  /**
   * The cached answers that show the addresses: the about page (both editions) and the list itself.
   */
  static final List<String> PAGES_SHOWING_ADDRESSES =
      List.of("about", MirrorListController.SURROGATE_KEY);

  private static final Logger log = LoggerFactory.getLogger(MirrorService.class);

  private final MirrorRepository repository;
  private final SigningKey key;
  private final ClusterInvalidation invalidation;
  private final SiteSettings site;
  private final Clock clock;
  private final MirrorHealthCheck healthCheck;
  private final AtomicBoolean loading = new AtomicBoolean();
  private volatile Snapshot snapshot;

  private record Snapshot(MirrorList list, Instant until) {}

  private final Outbound outbound;

  MirrorService(
      MirrorRepository repository,
      SigningKey key,
      ClusterInvalidation invalidation,
      SiteSettings site,
      Clock clock,
      MirrorHealthCheck healthCheck,
      MirrorSettings settings) {
    this.outbound = settings.outbound();
    this.repository = repository;
    this.key = key;
    this.invalidation = invalidation;
    this.site = site;
    this.clock = clock;
    this.healthCheck = healthCheck;
  }

  @Override
  public MirrorList current() {
    Snapshot s = snapshot;
    if (s == null) {
      return reload();
    }
    Instant now = clock.instant();
    // One request reloads an expired list; the others keep the one they have meanwhile.
    if (now.isBefore(s.until()) || !loading.compareAndSet(false, true)) {
      return s.list();
    }
    try {
      return reload();
    } catch (RuntimeException e) {
      log.warn(
          "Could not reload the mirror list ({}); keeping the one read before until the database answers",
          e.getMessage());
      snapshot = new Snapshot(s.list(), now.plus(TTL));
      return s.list();
    } finally {
      loading.set(false);
    }
  }

  private MirrorList reload() {
    MirrorList list = repository.load();
    snapshot = new Snapshot(list, clock.instant().plus(TTL));
    return list;
  }

  /**
   * The list as the database has it now, for the signed document: every node then writes the same
   * bytes.
   */
  MirrorList fresh() {
    return reload();
  }

  @Override
  @Transactional
  public void replace(List<String> mirrorUrls, String onionAddress) {
    // Both fields are checked before either is refused, so editors see every problem at once.
    Map<String, String> problems = new LinkedHashMap<>();
    List<String> urls = List.of();
    String onion = null;
    try {
      urls = MirrorAddresses.mirrors(mirrorUrls, site.baseUrl(), outbound);
    } catch (InputRejected e) {
      problems.putAll(e.problems());
    }
    try {
      onion = MirrorAddresses.onion(onionAddress);
    } catch (InputRejected e) {
      problems.putAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    MirrorList before = repository.load();
    repository.replace(urls, onion, clock.instant());
    invalidation.evictOnCommit(PAGES_SHOWING_ADDRESSES);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            snapshot = null;
          }
        });
    log.info(
        "Editors changed the site's other addresses: {} mirror(s) (was {}), onion address {}",
        urls.size(),
        before.mirrors().size(),
        onion == null ? "none" : onion);
  }

  @Override
  public MirrorList checkNow() {
    healthCheck.checkAll();
    return fresh();
  }

  @Override
  public String publicKeyBase64() {
    return key.state().publicKeyBase64();
  }

  @Override
  public String publicKeyPem() {
    return SigningKey.pem(publicKeyBase64());
  }

  @Override
  public SigningKeyStatus signingKey() {
    return key.status();
  }

  @Override
  @Transactional
  public void startSigningKeyRotation() {
    key.startRotation();
  }

  @Override
  public String verifyCommands() {
    String base = site.baseUrl();
    return "curl -fsS -O "
        + base
        + "/mirrors.json -O "
        + base
        + "/mirrors.json.sig -O "
        + base
        + "/mirrors.pem\n"
        + "base64 -d mirrors.json.sig > mirrors.json.sig.bin\n"
        + "openssl pkeyutl -verify -pubin -inkey mirrors.pem -rawin -in mirrors.json -sigfile mirrors.json.sig.bin\n"
        + "# the key's fingerprint: SHA-256 of the raw 32-byte public key\n"
        + "openssl pkey -pubin -in mirrors.pem -outform DER | tail -c 32 | sha256sum\n";
  }
}

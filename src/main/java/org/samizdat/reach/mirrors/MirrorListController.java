package org.samizdat.reach.mirrors;

import java.nio.charset.StandardCharsets;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.site.SiteSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The mirror list for machines: {@code /mirrors.json}, its detached Ed25519 signature {@code
 * /mirrors.json.sig} (base64), and the public key that verifies it ({@code /mirrors.pub}, base64 of
 * the SubjectPublicKeyInfo, and {@code /mirrors.pem}). Signed so that a copy passed on through a
 * messenger or a mirror can be trusted as long as the key was pinned beforehand. The list names the
 * key that signs it and, during a rotation, the next one, so apps that pinned a key follow it.
 */
@RestController
class MirrorListController {

  /** Purged when editors change the list and after every health check. */
  static final String SURROGATE_KEY = "mirrors";

  static final String CACHE_CONTROL =
      "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";
  static final MediaType TEXT = MediaType.parseMediaType("text/plain; charset=utf-8");

  private final MirrorService mirrors;
  private final SigningKey key;
  private final PlatformSettings platform;
  private final SiteSettings site;

  MirrorListController(
      MirrorService mirrors, SigningKey key, PlatformSettings platform, SiteSettings site) {
    this.mirrors = mirrors;
    this.key = key;
    this.platform = platform;
    this.site = site;
  }

  @GetMapping("/mirrors.json")
  ResponseEntity<byte[]> list(WebRequest request) {
    return answer(MediaType.APPLICATION_JSON, document(key.state()), request);
  }

  @GetMapping("/mirrors.json.sig")
  ResponseEntity<byte[]> signature(WebRequest request) {
    SigningKey.State state = key.state();
    return answer(TEXT, state.sign(document(state)).getBytes(StandardCharsets.US_ASCII), request);
  }

  @GetMapping("/mirrors.pub")
  ResponseEntity<byte[]> publicKey(WebRequest request) {
    return answer(TEXT, key.state().publicKeyBase64().getBytes(StandardCharsets.US_ASCII), request);
  }

  @GetMapping("/mirrors.pem")
  ResponseEntity<byte[]> publicKeyPem(WebRequest request) {
    return answer(
        TEXT,
        SigningKey.pem(key.state().publicKeyBase64()).getBytes(StandardCharsets.US_ASCII),
        request);
  }

  /**
   * Read from the database, not the in-memory copy, so every node signs and serves the same bytes.
   */
  private byte[] document(SigningKey.State state) {
    return MirrorListDocument.write(platform.name(), site.baseUrl(), mirrors.fresh(), state);
  }

  private static ResponseEntity<byte[]> answer(MediaType type, byte[] body, WebRequest request) {
    String etag = "\"" + DigestUtils.md5DigestAsHex(body) + "\"";
    if (request.checkNotModified(etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
          .eTag(etag)
          .build();
    }
    return ResponseEntity.ok()
        .contentType(type)
        .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .header("Surrogate-Key", SURROGATE_KEY)
        // Public, the same for everyone, no credentials: any app or page may read it.
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .eTag(etag)
        .body(body);
  }
}

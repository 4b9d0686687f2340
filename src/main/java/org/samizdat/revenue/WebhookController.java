package org.samizdat.revenue;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where providers tell us what happened. The signature is checked before anything is read; event
 * types we do not use are answered 200 so the provider stops retrying them; a failure on our side
 * answers 500 so the provider retries later, and the event id keeps a retry from counting twice.
 */
@RestController
class WebhookController {

  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
  static final int MAX_BODY = 512 * 1024;

  private final PaymentProviders providers;
  private final PaymentEventProcessor processor;

  WebhookController(PaymentProviders providers, PaymentEventProcessor processor) {
    this.providers = providers;
    this.processor = processor;
  }

  @PostMapping(value = "/webhooks/{provider}", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> receive(@PathVariable String provider, HttpServletRequest request)
      throws IOException {
    PaymentProvider p = providers.get(provider).orElse(null);
    if (p == null) {
      // the name is not echoed: it is whatever the caller put in the address
      return ResponseEntity.status(404).body("No such payment provider is active here.\n");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      return ResponseEntity.status(413).body("Webhook body larger than " + MAX_BODY + " bytes.\n");
    }
    Map<String, String> headers = new HashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
    }
    List<PaymentEvent> events;
    try {
      events = p.readWebhook(body, headers);
    } catch (WebhookRejected e) {
      log.warn(
          "Rejected a webhook for {} from {}: {}",
          provider,
          request.getRemoteAddr(),
          e.getMessage());
      return ResponseEntity.badRequest().body("Rejected: " + e.getMessage() + "\n");
    } catch (PaymentProviderUnavailable e) {
      // Reading the webhook needed the provider (BTCPay: the invoice is read back) and it did not
      // answer: nothing was recorded; the provider retries the delivery later.
      return ResponseEntity.status(503)
          .header("Retry-After", "60")
          .body("The payment provider did not answer while this event was read; retry later.\n");
    }
    for (PaymentEvent event : events) {
      processor.process(provider, event);
    }
    return ResponseEntity.ok("ok\n");
  }
}

package org.samizdat.revenue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.samizdat.platform.web.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where providers tell us what happened: {@code POST /webhooks/{provider}}. The signature is
 * checked before anything is read; event types we do not use are answered 200 so the provider stops
 * retrying them; a failure on our side answers 500 (503 while the database or the provider is away)
 * so the provider retries later, and the event id keeps a retry from counting twice.
 *
 * <p>A servlet filter ahead of every other one, not a controller: a webhook is a machine's request
 * that carries its own proof (the signature) and needs none of what a person's request goes through
 * (session, CSRF, security headers, handler lookup among every page's routes, content negotiation).
 * Those took about half of a delivery's CPU time, and a provider delivering a backlog after an
 * outage sends thousands at once. Only exactly {@code POST /webhooks/<name>} is answered here;
 * anything else under /webhooks goes on to the usual chain (and its 404 or 405).
 */
class WebhookEndpoint extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);
  static final int MAX_BODY = 512 * 1024;
  private static final Pattern PATH = Pattern.compile("/webhooks/([a-z][a-z0-9-]{0,39})");

  private final PaymentProviders providers;
  private final PaymentEventProcessor processor;

  WebhookEndpoint(PaymentProviders providers, PaymentEventProcessor processor) {
    this.providers = providers;
    this.processor = processor;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod())
        || !PATH.matcher(request.getRequestURI()).matches()
        || !request.getContextPath().isEmpty();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String provider = request.getRequestURI().substring("/webhooks/".length());
    try {
      answer(response, receive(provider, request));
    } catch (RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      if (DatabaseFailures.away(e)) {
        // the data source says once that the database went away and once that it is back
        answer(
            response,
            new Answer(
                503, "The database is not answering; nothing was recorded. Retry later.\n", 60));
      } else if (DatabaseFailures.unstorableText(e)) {
        answer(
            response,
            new Answer(
                400,
                "The event contains a character that cannot be stored, such as a NUL byte.\n",
                null));
      } else {
        log.error("A webhook from {} failed; the provider will deliver it again", provider, e);
        answer(
            response,
            new Answer(500, "Something went wrong on our side; nothing was recorded.\n", null));
      }
    }
  }

  private record Answer(int status, String body, Integer retryAfterSeconds) {}

  private Answer receive(String provider, HttpServletRequest request) throws IOException {
    PaymentProvider p = providers.get(provider).orElse(null);
    if (p == null) {
      // the name is not echoed: it is whatever the caller put in the address
      return new Answer(404, "No such payment provider is active here.\n", null);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      return new Answer(413, "Webhook body larger than " + MAX_BODY + " bytes.\n", null);
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
      return new Answer(400, "Rejected: " + e.getMessage() + "\n", null);
    } catch (PaymentProviderUnavailable e) {
      // Reading the webhook needed the provider (BTCPay: the invoice is read back) and it did not
      // answer: nothing was recorded; the provider retries the delivery later.
      return new Answer(
          503, "The payment provider did not answer while this event was read; retry later.\n", 60);
    }
    for (PaymentEvent event : events) {
      processor.process(provider, event);
    }
    return new Answer(200, "ok\n", null);
  }

  private static void answer(HttpServletResponse response, Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (answer.retryAfterSeconds() != null) {
      response.setHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
    }
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}

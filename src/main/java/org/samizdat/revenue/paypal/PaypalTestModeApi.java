package org.samizdat.revenue.paypal;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.revenue.testmode.LocalWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local PayPal test mode's stand-in for PayPal's REST API, on this app under {@code
 * /paypal-testmode}: the same paths, bodies and answers as PayPal's (as far as Samizdat uses them),
 * so the PayPal rail's real code runs end to end on a machine with no network. After the reader
 * approves on {@link PaypalTestModeApprovalController}'s page, it sends PayPal-shaped webhooks
 * (with {@code PAYPAL-*} transmission headers) to {@code /webhooks/paypal-testmode}, and answers
 * their verification. Answers 404 unless the PayPal test mode is the active PayPal rail.
 */
@RestController
class PaypalTestModeApi {

  private static final Logger log = LoggerFactory.getLogger(PaypalTestModeApi.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PREFIX = "/paypal-testmode";
  static final String APPROVE_PATH = PREFIX + "/checkoutnow";

  private final PaymentProviders providers;
  private final PaypalTestModeRepository objects;
  private final PaypalTestModeSigningKey signingKey;
  private final Clock clock;
  private final Environment environment;

  PaypalTestModeApi(
      PaymentProviders providers,
      PaypalTestModeRepository objects,
      PaypalTestModeSigningKey signingKey,
      Clock clock,
      Environment environment) {
    this.providers = providers;
    this.objects = objects;
    this.signingKey = signingKey;
    this.clock = clock;
    this.environment = environment;
  }

  /** A body that is not the JSON PayPal would take: answered as PayPal would, with a 400. */
  @org.springframework.web.bind.annotation.ExceptionHandler({
    tools.jackson.core.JacksonException.class,
    ClassCastException.class
  })
  ResponseEntity<String> malformed() {
    return error(400, "MALFORMED_REQUEST_JSON");
  }

  /** This app's own address for the fake API, on loopback. */
  static String localBase(Environment environment) {
    return LocalWebhooks.localBase(environment) + PREFIX;
  }

  boolean active() {
    return providers.get(PaypalProvider.TESTMODE_ID).isPresent();
  }

  @PostMapping(value = PREFIX + "/v1/oauth2/token", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> token() {
    if (!active()) {
      return notFound();
    }
    ObjectNode answer =
        JSON.createObjectNode()
            .put("scope", "https://uri.paypal.com/services/payments/payment")
            .put("access_token", "A21-testmode-" + random())
            .put("token_type", "Bearer")
            .put("app_id", "APP-TESTMODE")
            .put("expires_in", 32400)
            .put("nonce", random());
    return ok(answer);
  }

  @PostMapping(value = PREFIX + "/v2/checkout/orders", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> createOrder(@RequestBody String body) {
    if (!active()) {
      return notFound();
    }
    JsonNode request = JSON.readTree(body);
    String id = "TESTORDER" + random().substring(0, 12).toUpperCase(Locale.ROOT);
    ObjectNode order = JSON.createObjectNode().put("id", id).put("intent", "CAPTURE");
    order.put("status", "PAYER_ACTION_REQUIRED");
    order.set("purchase_units", request.path("purchase_units"));
    JsonNode experience = request.path("payment_source").path("paypal").path("experience_context");
    order.putObject("payment_source").putObject("paypal");
    order.put("create_time", now());
    order
        .putArray("links")
        .addObject()
        .put("href", APPROVE_PATH + "?token=" + id)
        .put("rel", "payer-action")
        .put("method", "GET");
    return awaitingPayer(id, "order", order, experience);
  }

  @GetMapping(
      value = PREFIX + "/v2/checkout/orders/{id}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> getOrder(@PathVariable String id) {
    return stored(id);
  }

  @PostMapping(
      value = PREFIX + "/v2/checkout/orders/{id}/capture",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> capture(@PathVariable String id) {
    if (!active()) {
      return notFound();
    }
    ObjectNode order = load(id).orElse(null);
    if (order == null) {
      return error(404, "RESOURCE_NOT_FOUND");
    }
    String status = order.path("status").asString("");
    if ("COMPLETED".equals(status)) {
      return error(422, "ORDER_ALREADY_CAPTURED");
    }
    if (!"APPROVED".equals(status)) {
      return error(422, "ORDER_NOT_APPROVED");
    }
    JsonNode unit = order.path("purchase_units").path(0);
    String captureId = "TESTCAPTURE" + random().substring(0, 10).toUpperCase(Locale.ROOT);
    ObjectNode capture = JSON.createObjectNode();
    capture.put("id", captureId).put("status", "COMPLETED");
    capture.set("amount", unit.path("amount"));
    capture.put("final_capture", true);
    capture.put("custom_id", unit.path("custom_id").asString(""));
    capture.putObject("supplementary_data").putObject("related_ids").put("order_id", id);
    capture.put("create_time", now()).put("update_time", now());
    ((ObjectNode) order.path("purchase_units").path(0))
        .putObject("payments")
        .putArray("captures")
        .add(capture);
    order.put("status", "COMPLETED");
    store(id, "order", order);
    deliver("PAYMENT.CAPTURE.COMPLETED", "capture", capture);
    return created(order);
  }

  @PostMapping(
      value = PREFIX + "/v1/catalogs/products",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> createProduct(@RequestBody String body) {
    if (!active()) {
      return notFound();
    }
    ObjectNode product = (ObjectNode) JSON.readTree(body);
    product.put("id", "PROD-TEST" + random().substring(0, 10).toUpperCase(Locale.ROOT));
    product.put("create_time", now());
    store(product.path("id").asString(), "product", product);
    return created(product);
  }

  @PostMapping(value = PREFIX + "/v1/billing/plans", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> createPlan(@RequestBody String body) {
    if (!active()) {
      return notFound();
    }
    ObjectNode plan = (ObjectNode) JSON.readTree(body);
    plan.put("id", "P-TEST" + random().substring(0, 16).toUpperCase(Locale.ROOT));
    plan.put("status", "ACTIVE").put("create_time", now());
    store(plan.path("id").asString(), "plan", plan);
    return created(plan);
  }

  @PostMapping(
      value = PREFIX + "/v1/billing/subscriptions",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> createSubscription(@RequestBody String body) {
    if (!active()) {
      return notFound();
    }
    JsonNode request = JSON.readTree(body);
    if (load(request.path("plan_id").asString("")).isEmpty()) {
      return error(422, "INVALID_RESOURCE_ID");
    }
    String id = "I-TEST" + random().substring(0, 10).toUpperCase(Locale.ROOT);
    ObjectNode subscription = JSON.createObjectNode().put("id", id);
    subscription.put("status", "APPROVAL_PENDING");
    subscription.put("plan_id", request.path("plan_id").asString());
    subscription.put("custom_id", request.path("custom_id").asString(""));
    subscription.put("quantity", "1");
    subscription.set("plan", request.path("plan"));
    subscription.put("plan_overridden", request.has("plan"));
    subscription.put("create_time", now());
    subscription
        .putArray("links")
        .addObject()
        .put("href", APPROVE_PATH + "?token=" + id)
        .put("rel", "approve")
        .put("method", "GET");
    return awaitingPayer(id, "subscription", subscription, request.path("application_context"));
  }

  @GetMapping(
      value = PREFIX + "/v1/billing/subscriptions/{id}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> getSubscription(@PathVariable String id) {
    return stored(id);
  }

  /**
   * Keeps, beside an order or subscription that waits for the payer, what the approval page needs
   * (where to send the payer back, in which language), and answers 201 with it.
   *
   * @param context the request's {@code experience_context} or {@code application_context}
   */
  private ResponseEntity<String> awaitingPayer(
      String id, String kind, ObjectNode resource, JsonNode context) {
    ObjectNode local = resource.putObject("testmode");
    local.put("kind", kind);
    local.put("return_url", context.path("return_url").asString(""));
    local.put("cancel_url", context.path("cancel_url").asString(""));
    local.put("locale", context.path("locale").asString("en-US"));
    store(id, kind, resource);
    return created(resource);
  }

  /** GET of an order or subscription, as PayPal answers it. */
  private ResponseEntity<String> stored(String id) {
    if (!active()) {
      return notFound();
    }
    return load(id).map(this::ok).orElseGet(() -> error(404, "RESOURCE_NOT_FOUND"));
  }

  @PostMapping(value = PREFIX + "/v1/billing/subscriptions/{id}/cancel")
  ResponseEntity<String> cancel(@PathVariable String id) {
    if (!active()) {
      return notFound();
    }
    ObjectNode subscription = load(id).orElse(null);
    if (subscription == null) {
      return error(404, "RESOURCE_NOT_FOUND");
    }
    if ("CANCELLED".equals(subscription.path("status").asString(""))) {
      return error(422, "SUBSCRIPTION_STATUS_INVALID");
    }
    subscription.put("status", "CANCELLED").put("status_update_time", now());
    store(id, "subscription", subscription);
    return ResponseEntity.noContent().build();
  }

  @PatchMapping(value = PREFIX + "/v1/billing/subscriptions/{id}")
  ResponseEntity<String> patch(@PathVariable String id, @RequestBody String body) {
    if (!active()) {
      return notFound();
    }
    ObjectNode subscription = load(id).orElse(null);
    if (subscription == null) {
      return error(404, "RESOURCE_NOT_FOUND");
    }
    for (JsonNode op : JSON.readTree(body)) {
      if (op.path("path").asString("").endsWith("/pricing_scheme/fixed_price")) {
        JsonNode cycle = subscription.path("plan").path("billing_cycles").path(0);
        if (cycle instanceof ObjectNode c) {
          ObjectNode pricing = c.putObject("pricing_scheme");
          pricing.set("fixed_price", op.path("value"));
        }
      }
    }
    store(id, "subscription", subscription);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(
      value = PREFIX + "/v1/notifications/verify-webhook-signature",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> verify(@RequestBody String body) {
    if (!active()) {
      return notFound();
    }
    JsonNode request = JSON.readTree(body);
    String expected =
        signingKey.sign(
            request.path("transmission_id").asString(""),
            request.path("transmission_time").asString(""),
            request.path("webhook_id").asString(""),
            JSON.writeValueAsString(request.path("webhook_event"))
                .getBytes(StandardCharsets.UTF_8));
    boolean genuine =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            request.path("transmission_sig").asString("").getBytes(StandardCharsets.US_ASCII));
    return ok(JSON.createObjectNode().put("verification_status", genuine ? "SUCCESS" : "FAILURE"));
  }

  /** The test mode's webhook certificate, where {@code PAYPAL-CERT-URL} points, as PayPal's. */
  @GetMapping(
      value = PREFIX + PaypalWebhookSignatures.CERTS_PATH + PaypalTestModeSigningKey.CERTIFICATE_ID,
      produces = "application/x-x509-ca-cert")
  ResponseEntity<String> certificate() {
    if (!active()) {
      return notFound();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-x509-ca-cert"))
        .body(signingKey.certificatePem());
  }

  // ---------------------------------------------------------------------------------------------
  // What the approval page does

  /** The reader approved an order: it can now be captured. */
  Optional<String> approveOrder(String id, String email) {
    ObjectNode order =
        load(id)
            .filter(o -> "order".equals(o.path("testmode").path("kind").asString("")))
            .orElse(null);
    if (order == null) {
      return Optional.empty();
    }
    if ("PAYER_ACTION_REQUIRED".equals(order.path("status").asString(""))) {
      order.put("status", "APPROVED");
      ((ObjectNode) order.path("payment_source").path("paypal"))
          .put("email_address", email)
          .put("account_id", "TESTPAYER");
      store(id, "order", order);
    }
    return Optional.of(
        withQuery(
            order.path("testmode").path("return_url").asString(),
            "token=" + id + "&PayerID=TESTPAYER"));
  }

  /** The reader approved a subscription: it starts, and its first payment is taken at once. */
  Optional<String> approveSubscription(String id, String email) {
    ObjectNode subscription =
        load(id)
            .filter(o -> "subscription".equals(o.path("testmode").path("kind").asString("")))
            .orElse(null);
    if (subscription == null) {
      return Optional.empty();
    }
    if ("APPROVAL_PENDING".equals(subscription.path("status").asString(""))) {
      subscription.put("status", "ACTIVE").put("start_time", now());
      subscription.putObject("subscriber").put("email_address", email).put("payer_id", "TESTPAYER");
      store(id, "subscription", subscription);
      JsonNode price =
          subscription
              .path("plan")
              .path("billing_cycles")
              .path(0)
              .path("pricing_scheme")
              .path("fixed_price");
      ObjectNode sale = JSON.createObjectNode();
      sale.put("id", "TESTSALE" + random().substring(0, 10).toUpperCase(Locale.ROOT));
      sale.put("state", "completed");
      ObjectNode amount = sale.putObject("amount");
      amount.put("total", price.path("value").asString());
      amount.put("currency", price.path("currency_code").asString());
      amount.putObject("details").put("subtotal", price.path("value").asString());
      sale.put("payment_mode", "INSTANT_TRANSFER");
      sale.put("billing_agreement_id", id);
      sale.put("create_time", now()).put("update_time", now());
      deliver("PAYMENT.SALE.COMPLETED", "sale", sale);
    }
    return Optional.of(
        withQuery(
            subscription.path("testmode").path("return_url").asString(),
            "subscription_id=" + id + "&ba_token=BA-TEST&token=" + id));
  }

  /** Where the reader goes on Cancel: the checkout's cancel address. */
  Optional<String> cancelUrl(String id) {
    return load(id).map(o -> o.path("testmode").path("cancel_url").asString(""));
  }

  Optional<ObjectNode> find(String id) {
    return load(id);
  }

  // ---------------------------------------------------------------------------------------------

  /** Sends one notification to this app's PayPal webhook, as PayPal would: signed headers. */
  void deliver(String type, String resourceType, ObjectNode resource) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", "WH-TEST-" + random().substring(0, 17).toUpperCase(Locale.ROOT));
    event.put("event_version", "1.0");
    event.put("create_time", now());
    event.put("resource_type", resourceType);
    event.put("event_type", type);
    event.put("summary", type + " (TEST MODE)");
    event.set("resource", resource);
    String body = JSON.writeValueAsString(event);
    String transmissionId = UUID.randomUUID().toString();
    String time = now();
    String sig =
        signingKey.sign(
            transmissionId,
            time,
            PaypalConfiguration.TESTMODE_WEBHOOK_ID,
            body.getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        LocalWebhooks.toWebhook(environment, PaypalProvider.TESTMODE_ID)
            .header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
            .header(
                "PAYPAL-CERT-URL",
                localBase(environment)
                    + PaypalWebhookSignatures.CERTS_PATH
                    + PaypalTestModeSigningKey.CERTIFICATE_ID)
            .header("PAYPAL-TRANSMISSION-ID", transmissionId)
            .header("PAYPAL-TRANSMISSION-SIG", sig)
            .header("PAYPAL-TRANSMISSION-TIME", time)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      LocalWebhooks.deliver(request, "PayPal TEST MODE webhook " + type);
    } catch (IllegalStateException e) {
      log.warn(e.getMessage());
    }
  }

  private void store(String id, String kind, ObjectNode json) {
    objects.store(id, kind, JSON.writeValueAsString(json), clock.instant());
  }

  private Optional<ObjectNode> load(String id) {
    return objects.load(id).map(json -> (ObjectNode) JSON.readTree(json));
  }

  private static String withQuery(String url, String query) {
    return url + (url.contains("?") ? "&" : "?") + query;
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private ResponseEntity<String> ok(JsonNode json) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(JSON.writeValueAsString(json));
  }

  private ResponseEntity<String> created(JsonNode json) {
    return ResponseEntity.status(201)
        .contentType(MediaType.APPLICATION_JSON)
        .body(JSON.writeValueAsString(json));
  }

  private static ResponseEntity<String> error(int status, String issue) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", status == 404 ? "RESOURCE_NOT_FOUND" : "UNPROCESSABLE_ENTITY");
    body.put("message", "The requested action could not be performed (TEST MODE).");
    body.put("debug_id", "testmode");
    body.putArray("details").addObject().put("issue", issue);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body.toString());
  }

  private static ResponseEntity<String> notFound() {
    return ResponseEntity.status(404)
        .contentType(MediaType.TEXT_PLAIN)
        .body("PayPal test mode is off.\n");
  }
}

package org.samizdat.revenue.testmode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.core.env.Environment;

/**
 * How a rail's local test mode plays its provider's part: it posts the provider's webhook, signed
 * as the provider signs it, to this app's own endpoint over loopback. Shared by the card test mode,
 * BTCPay's stand-in store and PayPal's stand-in API.
 */
public final class LocalWebhooks {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalWebhooks() {}

  /** This app's own address on loopback, on the port it really listens on. */
  public static String localBase(Environment environment) {
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    return "http://127.0.0.1:" + port;
  }

  /** A JSON POST to this app's webhook endpoint of {@code providerId}; add the signature. */
  public static HttpRequest.Builder toWebhook(Environment environment, String providerId) {
    return HttpRequest.newBuilder(URI.create(localBase(environment) + "/webhooks/" + providerId))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json");
  }

  /**
   * Sends it and insists on a 200.
   *
   * @param what what is delivered, for the message ("test-mode BTCPay webhook")
   * @throws IllegalStateException when the app refused it or could not be reached
   */
  public static void deliver(HttpRequest request, String what) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "The app refused the " + what + ": " + response.statusCode() + " " + response.body());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "Could not deliver the " + what + " to this app: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while delivering a " + what, e);
    }
  }
}

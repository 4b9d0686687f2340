package org.samizdat;

import org.samizdat.backup.Command;
import org.samizdat.backup.Commands;
import org.samizdat.demo.DemoCommand;
import org.samizdat.reach.export.ExportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SamizdatApplication {
  public static void main(String[] args) {
    // Payment webhooks read their payment back from the provider (BTCPay, Stripe, PayPal) over
    // HttpURLConnection, up to the server's concurrency at once; the JDK keeps only 5 idle
    // connections per host unless told, so most read-backs under load opened a new connection.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
    Command export =
        Command.of(
            ExportCommand.NAME,
            "export [--out DIR] [--property=value ...]             a static copy of the public site (--help for more)",
            (rest, out, err) ->
                ExportCommand.run(SamizdatApplication.class, rest.toArray(String[]::new)));
    Command demo =
        Command.of(
            DemoCommand.NAME,
            DemoCommand.USAGE,
            (rest, out, err) ->
                DemoCommand.run(SamizdatApplication.class, out, err, rest.toArray(String[]::new)));
    if (Commands.handled(args, export, demo)) {
      return;
    }
    SpringApplication.run(SamizdatApplication.class, args);
  }
}

package org.samizdat.platform.web;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.security.SecurityHeaders;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Tomcat refuses some requests itself, before any filter of ours runs: a request line or headers
 * over the size limit, an encoded slash or a broken escape in the path. Its own error report
 * answered those with a page in Tomcat's design and without the site's security headers. This valve
 * takes its place: the site's error page, with the same strict headers, and nothing in it taken
 * from the request.
 */
@Component
class ConnectorErrorPages
    implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

  private final TemplateEngine templates;
  private final PlatformSettings settings;

  ConnectorErrorPages(TemplateEngine templates, PlatformSettings settings) {
    this.templates = templates;
    this.settings = settings;
  }

  /** After Spring Boot's own customizer, whose error report valve this one replaces. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          Host host = (Host) context.getParent();
          for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
              host.getPipeline().removeValve(valve);
            }
          }
          SiteErrorReportValve valve = new SiteErrorReportValve(this);
          host.getPipeline().addValve(valve);
          if (host instanceof StandardHost standard) {
            // so that the host, starting, finds its error report valve in place and adds no other
            standard.setErrorReportValveClass(valve.getClass().getName());
          }
        });
  }

  String page(int status) {
    String title =
        switch (status) {
          case 400 -> "This request could not be understood";
          case 404 -> "Page not found";
          case 408 -> "The request took too long";
          case 413 -> "That request is too large";
          case 414, 431 -> "That address or request is too long";
          case 503 -> "Temporarily unavailable";
          default ->
              status >= 500
                  ? "Something went wrong on our side"
                  : "This request could not be served";
        };
    String message =
        status >= 500
            ? "Please try again in a moment."
            : "Check the address and try again, or go to the front page.";
    StringOutput out = new StringOutput();
    templates.render(
        "platform/error.jte", new ErrorPage(settings.name(), status, title, message), out);
    return out.toString();
  }

  /** Tomcat's error report, in the site's design and with its headers. */
  static final class SiteErrorReportValve extends ErrorReportValve {
    private final ConnectorErrorPages pages;

    SiteErrorReportValve(ConnectorErrorPages pages) {
      this.pages = pages;
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      // as Tomcat's own: only an error status, only if nothing was written, and only once
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(true);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      try {
        String html = pages.page(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("utf-8");
        SecurityHeaders.addIfMissing(request, response);
        response.setHeader("Cache-Control", "no-store");
        PrintWriter writer = response.getReporter();
        if (writer != null) {
          writer.write(html);
          response.finishResponse();
        }
      } catch (IOException | RuntimeException e) {
        // the client went away, or the page could not be rendered: the status line is answer enough
      }
    }
  }
}

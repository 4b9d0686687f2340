package org.samizdat.platform.web;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.springframework.boot.autoconfigure.JteProperties;
import gg.jte.springframework.boot.autoconfigure.JteView;
import gg.jte.springframework.boot.autoconfigure.JteViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.view.AbstractUrlBasedView;

/**
 * Templates render a whole page into UTF-8 bytes first, then write it in one go with its length.
 * Written straight to the response, a page went out as thousands of small writes, each through the
 * session's and the security chain's response wrappers and Tomcat's character encoder (about a
 * fifth of an uncached article page's CPU); and a template that fails half-way now leaves nothing
 * sent, so the reader gets a whole error page instead of half an article.
 */
@Configuration(proxyBeanMethods = false)
class WholePageViews {

  @Bean
  JteViewResolver jteViewResolver(TemplateEngine templates, JteProperties properties) {
    return new JteViewResolver(templates, properties) {
      @Override
      protected AbstractUrlBasedView instantiateView() {
        return new WholePageView(templates);
      }
    };
  }

  /** A JTE view that renders into bytes, then writes them once. */
  static final class WholePageView extends JteView {

    private final TemplateEngine templates;

    WholePageView(TemplateEngine templates) {
      super(templates);
      this.templates = templates;
    }

    @Override
    protected void renderMergedTemplateModel(
        Map<String, Object> model, HttpServletRequest request, HttpServletResponse response)
        throws Exception {
      Utf8ByteOutput page = new Utf8ByteOutput();
      templates.render(getUrl(), model, page);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      // one array, one write: the output's own writeTo sends each of its pieces as a write
      byte[] bytes = page.toByteArray();
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}

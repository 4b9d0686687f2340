package org.samizdat.platform.web;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.springframework.boot.autoconfigure.JteProperties;
import gg.jte.springframework.boot.autoconfigure.JteView;
import gg.jte.springframework.boot.autoconfigure.JteViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
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

  private static final byte[] HTML_LANG = "<html lang=\"".getBytes(StandardCharsets.US_ASCII);

  /**
   * The language a page declares in its {@code <html lang="...">} (near its start), or null: what
   * its Content-Language says, whoever asks for it.
   */
  static Locale declaredLanguage(byte[] page) {
    int limit = Math.min(page.length, 512) - HTML_LANG.length;
    for (int at = 0; at <= limit; at++) {
      if (Arrays.equals(page, at, at + HTML_LANG.length, HTML_LANG, 0, HTML_LANG.length)) {
        int start = at + HTML_LANG.length;
        int end = start;
        while (end < page.length
            && end - start < 35
            && (Character.isLetterOrDigit(page[end]) || page[end] == '-')) {
          end++;
        }
        if (end < page.length && page[end] == '"' && end > start) {
          Locale locale =
              Locale.forLanguageTag(
                  new String(page, start, end - start, StandardCharsets.US_ASCII));
          return locale.getLanguage().isEmpty() ? null : locale;
        }
        return null;
      }
    }
    return null;
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
      Locale language = declaredLanguage(bytes);
      if (language != null) {
        // the container sends Content-Language from this; Spring set it from the reader's
        // Accept-Language, but the page is in its own language, the same for every reader
        response.setLocale(language);
      }
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}

package org.samizdat.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A request that failed because the database is away answers 503 with the error page right here,
 * instead of the exception travelling up to the servlet container, which logged a stack trace for
 * every such request. The outage itself is logged once, where connections are handed out.
 */
@Component
class DatabaseAwayResolver implements HandlerExceptionResolver, Ordered {

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (!DatabaseFailures.away(ex) || response.isCommitted()) {
      return null;
    }
    try {
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    } catch (IOException e) {
      return null;
    }
    return new ModelAndView();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}

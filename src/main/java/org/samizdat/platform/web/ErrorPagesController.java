package org.samizdat.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.security.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.server.ResponseStatusException;

/** Every error answered as a page in the site's design: never a stack trace or a framework page. */
@Controller
class ErrorPagesController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ErrorPagesController.class);

  private final ErrorAttributes errorAttributes;
  private final PlatformSettings settings;

  ErrorPagesController(ErrorAttributes errorAttributes, PlatformSettings settings) {
    this.errorAttributes = errorAttributes;
    this.settings = settings;
  }

  @RequestMapping("/error")
  String error(HttpServletRequest request, HttpServletResponse response, Model model) {
    Throwable error = errorAttributes.getError(new ServletWebRequest(request));
    int status = statusOf(request, error);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    // Spring Security wrote them already, unless its firewall refused the request or a filter ahead
    // of it failed
    SecurityHeaders.addIfMissing(request, response);
    model.addAttribute(
        "page",
        new ErrorPage(settings.name(), status, titleFor(status), messageFor(status, error)));
    return "platform/error";
  }

  private static int statusOf(HttpServletRequest request, Throwable error) {
    if (error instanceof MaxUploadSizeExceededException) {
      return HttpStatus.PAYLOAD_TOO_LARGE.value();
    }
    if (DatabaseFailures.away(error)) {
      return HttpStatus.SERVICE_UNAVAILABLE.value();
    }
    if (error instanceof MultipartException || DatabaseFailures.unstorableText(error)) {
      return HttpStatus.BAD_REQUEST.value();
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return code instanceof Integer i ? i : 500;
  }

  private static String titleFor(int status) {
    return switch (status) {
      case 400 -> "This request could not be understood";
      case 403 -> "You are not allowed to see this";
      case 404 -> "Page not found";
      case 405 -> "This page cannot be used that way";
      case 410 -> "This page was withdrawn";
      case 413 -> "That upload is too large";
      case 429 -> "Too many requests";
      case 503 -> "Temporarily unavailable";
      default ->
          status >= 500 ? "Something went wrong on our side" : "This request could not be served";
    };
  }

  private String messageFor(int status, Throwable error) {
    Throwable cause = error;
    while (cause != null) {
      if (cause instanceof NotFoundException
          || cause instanceof GoneException
          || cause instanceof BadRequestException) {
        return cause.getMessage();
      }
      if (cause instanceof ResponseStatusException rse && rse.getReason() != null) {
        return rse.getReason();
      }
      if (cause instanceof MaxUploadSizeExceededException) {
        return "The file you sent is larger than this site accepts. Make it smaller and try again.";
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    if (status == 400 && DatabaseFailures.unstorableText(error)) {
      return "What you sent contains a character this site cannot store, such as a NUL byte. Remove it and try again.";
    }
    if (status == 503) {
      // the data source says once that the database went away and once that it is back
      log.debug(
          "Answered 503: the database is not answering ({})",
          error == null ? "no detail" : error.getMessage());
      return "The site cannot reach its database just now. Please try again in a minute.";
    }
    if (status >= 500) {
      if (error != null) {
        log.error("Request failed with status {}", status, error);
      }
      return "The error has been logged. Please try again in a moment.";
    }
    return switch (status) {
      case 404 ->
          "There is nothing at this address. It may have moved, or the link may be mistyped.";
      case 410 -> "The newsroom has withdrawn this page.";
      case 403 -> "Your account does not have permission for this.";
      case 405 -> "Follow a link or use the page's form instead.";
      default -> "Check what you sent and try again.";
    };
  }
}

package org.samizdat.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The thing existed and was withdrawn on purpose: answered with 410. */
@ResponseStatus(HttpStatus.GONE)
public class GoneException extends RuntimeException {
  public GoneException(String message) {
    super(message);
  }
}

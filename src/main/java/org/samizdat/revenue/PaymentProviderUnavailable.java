package org.samizdat.revenue;

/**
 * The payment provider could not be reached or refused the request. The message is for the reader
 * or editor who waits; the cause and the provider's request id go to the log.
 */
public class PaymentProviderUnavailable extends RuntimeException {

  public static final String MESSAGE =
      "The payment service did not answer; please try again in a minute.";

  public PaymentProviderUnavailable(Throwable cause) {
    super(MESSAGE, cause);
  }
}

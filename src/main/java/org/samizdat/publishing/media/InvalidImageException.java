package org.samizdat.publishing.media;

/**
 * An upload we refuse; the message is written for the person who uploaded it and may be shown
 * as-is.
 */
public class InvalidImageException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidImageException(String messageForAPerson) {
    super(messageForAPerson);
  }
}

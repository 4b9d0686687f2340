package org.samizdat.publishing.media;

/**
 * An image format we know but cannot read on this server (its converter is not installed): the
 * upload is refused with a message saying what to do, as a 415, never as a server error.
 */
public final class UnsupportedImageException extends InvalidImageException {

  private static final long serialVersionUID = 1L;

  public UnsupportedImageException(String messageForAPerson) {
    super(messageForAPerson);
  }
}

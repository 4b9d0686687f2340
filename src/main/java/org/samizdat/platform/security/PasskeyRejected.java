package org.samizdat.platform.security;

/** A passkey that cannot be registered, with a sentence for the staff member who tried. */
final class PasskeyRejected extends RuntimeException {

  PasskeyRejected(String message) {
    super(message);
  }

  PasskeyRejected(String message, Throwable cause) {
    super(message, cause);
  }
}

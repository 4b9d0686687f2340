package org.samizdat.publishing;

/** Someone saved the article after the editor opened it; saving now would overwrite their work. */
public class ConcurrentEditException extends RuntimeException {
  public ConcurrentEditException() {
    super(
        "Someone else saved this article after you opened it, so your changes were not saved. "
            + "Your text is still in the form: copy it, reload the article and apply your changes again.");
  }
}

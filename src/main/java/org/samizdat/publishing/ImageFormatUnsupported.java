package org.samizdat.publishing;

/**
 * An upload in a format this server knows but cannot read here (HEIC or WebP without its converter
 * installed): refused with a message saying what to do. Web layers answer it with 415.
 */
public class ImageFormatUnsupported extends ArticleRejected {
  public ImageFormatUnsupported(String message) {
    super("image", message);
  }
}

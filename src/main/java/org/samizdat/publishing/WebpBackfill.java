package org.samizdat.publishing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once per start, in the background: images stored before WebP variants existed (or while cwebp was
 * missing) get them, so readers' browsers can take WebP for old articles too. Pages already cached
 * are dropped afterwards ({@link ImageVariantsAdded}) so they pick up the new {@code <picture>}.
 */
@Component
class WebpBackfill {

  private static final Logger log = LoggerFactory.getLogger(WebpBackfill.class);
  private static final int BATCH = 20;

  private final MediaLibrary media;
  private final ApplicationEventPublisher events;

  WebpBackfill(MediaLibrary media, ApplicationEventPublisher events) {
    this.media = media;
    this.events = events;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    if (!media.makesWebp()) {
      return;
    }
    Thread worker = new Thread(this::run, "webp-backfill");
    worker.setDaemon(true);
    worker.start();
  }

  void run() {
    try {
      long after = 0;
      boolean any = false;
      for (long last = media.addMissingWebp(after, BATCH);
          last > 0;
          last = media.addMissingWebp(after, BATCH)) {
        after = last;
        any = true;
      }
      if (any) {
        log.info("Stored images now have WebP variants; cached pages are being refreshed.");
        events.publishEvent(new ImageVariantsAdded());
      }
    } catch (RuntimeException e) {
      log.warn(
          "The WebP back-fill stopped ({}); older images keep serving JPEG/PNG until the next start.",
          e.getMessage());
    }
  }
}

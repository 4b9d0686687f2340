package org.samizdat.site;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.publishing.MediaLibrary;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves stored image variants. Names are random and content never changes, so they cache forever.
 */
@RestController
class MediaFilesController {

  private static final MediaType WEBP = new MediaType("image", "webp");

  private final MediaLibrary media;

  MediaFilesController(MediaLibrary media) {
    this.media = media;
  }

  @GetMapping("/media/{name:.+}")
  ResponseEntity<Resource> file(@PathVariable String name) {
    Path path =
        media.file(name).orElseThrow(() -> new NotFoundException("There is no such image."));
    MediaType type =
        name.endsWith(".png")
            ? MediaType.IMAGE_PNG
            : name.endsWith(".webp") ? WEBP : MediaType.IMAGE_JPEG;
    return ResponseEntity.ok()
        .contentType(type)
        .cacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable())
        .body(new FileSystemResource(path));
  }
}

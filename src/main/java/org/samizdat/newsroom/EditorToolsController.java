package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.ImageFormatUnsupported;
import org.samizdat.publishing.MediaLibrary;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/** What the toolbar editor calls while someone writes: paste cleaning and image uploads. */
@Controller
class EditorToolsController {

  static final int MAX_PASTE = 2_000_000;

  private final MediaLibrary media;

  EditorToolsController(MediaLibrary media) {
    this.media = media;
  }

  /** Pasted HTML, cleaned, as the Markdown the editor inserts. */
  @PostMapping(value = "/newsroom/paste", produces = "text/markdown;charset=UTF-8")
  @ResponseBody
  String paste(@RequestParam(defaultValue = "") String html) {
    if (html.length() > MAX_PASTE) {
      throw new BadRequestException(
          "That paste is over 2 MB of HTML; paste the text in smaller parts.");
    }
    return PastedHtml.toMarkdown(html);
  }

  record Uploaded(Long id, String src, String alt, String error) {}

  /**
   * An image dropped, pasted or picked in the editor: checked, stripped of every metadata block and
   * resized exactly like a hero image; answers where the editor should point.
   */
  @PostMapping(value = "/newsroom/media", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  Uploaded upload(
      @RequestParam(required = false) MultipartFile file,
      @RequestParam(defaultValue = "") String alt,
      HttpServletResponse response) {
    if (file == null || file.isEmpty()) {
      response.setStatus(400);
      return new Uploaded(null, null, null, "Choose an image to upload.");
    }
    try {
      Image image = media.store(file.getBytes(), alt);
      return new Uploaded(image.id(), image.src(), image.altText(), null);
    } catch (ImageFormatUnsupported e) {
      response.setStatus(415);
      return new Uploaded(null, null, null, e.getMessage());
    } catch (InputRejected e) {
      response.setStatus(400);
      return new Uploaded(null, null, null, String.join(" ", e.problems().values()));
    } catch (IOException e) {
      response.setStatus(400);
      return new Uploaded(null, null, null, "The upload did not arrive completely; try again.");
    }
  }
}

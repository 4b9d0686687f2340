package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import org.samizdat.platform.i18n.Language;

/** Which language edition a request is for: Russian under /ru, English at the root. */
final class Edition {
  private Edition() {}

  static Language of(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.equals("/ru") || path.startsWith("/ru/") ? Language.RU : Language.EN;
  }
}

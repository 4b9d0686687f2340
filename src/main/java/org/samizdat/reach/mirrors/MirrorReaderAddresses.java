package org.samizdat.reach.mirrors;

import java.util.List;
import org.samizdat.reach.Mirrors;
import org.samizdat.site.ReaderAddresses;
import org.springframework.stereotype.Component;

/** Gives the reader's pages (the about page) the mirrors and onion address editors keep. */
@Component
class MirrorReaderAddresses implements ReaderAddresses {

  private final Mirrors mirrors;

  MirrorReaderAddresses(Mirrors mirrors) {
    this.mirrors = mirrors;
  }

  @Override
  public List<String> mirrorUrls() {
    return mirrors.current().urls();
  }

  @Override
  public String onionUrl() {
    return mirrors.current().onionUrl();
  }
}

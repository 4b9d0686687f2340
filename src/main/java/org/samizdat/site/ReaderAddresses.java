package org.samizdat.site;

import java.util.List;

/**
 * Where else readers find the site when the main domain is blocked: mirrors and the onion service.
 * The reach module keeps them; site only shows them (on the about page), so it asks through this
 * interface rather than depending on reach.
 */
public interface ReaderAddresses {

  /** None, for when nothing provides addresses. */
  ReaderAddresses NONE =
      new ReaderAddresses() {
        @Override
        public List<String> mirrorUrls() {
          return List.of();
        }

        @Override
        public String onionUrl() {
          return null;
        }
      };

  /** Mirrors' base addresses, in the order editors listed them. */
  List<String> mirrorUrls();

  /** {@code http://<56 characters>.onion}, or null when there is no onion service. */
  String onionUrl();
}

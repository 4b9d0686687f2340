/**
 * What readers see: the same HTML for everyone, cacheable, no cookie, nothing from another host.
 * Reads publishing, never writes it.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {
      "platform",
      "platform::*",
      "publishing",
      "revenue",
      "revenue::experiments"
    })
package org.samizdat.site;

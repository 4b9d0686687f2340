/**
 * Staying reachable where the site is blocked: the static export, mirrors and the onion address,
 * and the e-mail newsletter. Renders through site, reads publishing and revenue.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"platform", "platform::*", "publishing", "revenue", "site"})
package org.samizdat.reach;

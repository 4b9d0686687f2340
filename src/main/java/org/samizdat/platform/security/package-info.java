/**
 * Staff sign-in, sessions, CSRF, security headers, the login throttle, and the app's own secrets.
 */
@org.springframework.modulith.NamedInterface("security")
package org.samizdat.platform.security;

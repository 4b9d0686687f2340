/** The two languages the site speaks, and their message bundles. */
@org.springframework.modulith.NamedInterface("i18n")
package org.samizdat.platform.i18n;

/** Error pages and the exceptions that map to 400, 404 and 410. */
@org.springframework.modulith.NamedInterface("web")
package org.samizdat.platform.web;

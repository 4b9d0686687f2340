/**
 * The static export: every public page, feed, sitemap, stylesheet, script and image of the site
 * written to a folder with relative links, so the copy works from any static host, an object store,
 * a sub-path or {@code file://}. Pages are read from the app's own web server, so the copy holds
 * exactly the bytes readers get. The newsroom starts it through {@link
 * org.samizdat.reach.export.ExportRunner}; operators through {@code java -jar samizdat.jar export}.
 */
@org.springframework.modulith.NamedInterface("export")
package org.samizdat.reach.export;

/**
 * The staff's side: sign-in, staff and roles, the article list and editor, sections, tags, authors,
 * media, revenue, mirrors, newsletter. Calls the public services of publishing, revenue and reach;
 * owns only the staff table.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {
      "backup",
      "platform",
      "platform::*",
      "publishing",
      "revenue",
      "revenue::experiments",
      "reach",
      "reach::export",
      "reach::newsletter"
    })
package org.samizdat.newsroom;

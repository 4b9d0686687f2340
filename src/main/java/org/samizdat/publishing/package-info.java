/**
 * The newsroom's content: articles and their revisions, authors, tags, sections, images, languages,
 * scheduling. Knows nothing of the web. {@link org.samizdat.publishing.Articles} reads, {@link
 * org.samizdat.publishing.Publishing} changes, events tell the rest.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"platform", "platform::i18n", "platform::web", "platform::cache"})
package org.samizdat.publishing;

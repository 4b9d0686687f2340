package org.samizdat.publishing;

/** Stored images gained variants (WebP) that pages already rendered do not offer yet. */
public record ImageVariantsAdded() {}

/** The page cache for anonymous readers and its eviction on every node (LISTEN/NOTIFY). */
@org.springframework.modulith.NamedInterface("cache")
package org.samizdat.platform.cache;

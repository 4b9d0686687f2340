package org.samizdat.platform.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param enabled switch the page cache off to measure the rendering path itself
 * @param fresh how long a stored page is served without asking the app again
 * @param staleIfError how long a stored page may still be served while the app cannot render
 *     (database away)
 * @param maxSize memory given to stored pages
 */
@ConfigurationProperties("samizdat.cache")
public record PageCacheSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60s") Duration fresh,
    @DefaultValue("1d") Duration staleIfError,
    @DefaultValue("128MB") DataSize maxSize) {}

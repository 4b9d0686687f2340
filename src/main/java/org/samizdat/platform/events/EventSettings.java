package org.samizdat.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Spring Modulith's event publication registry keeps what it has done.
 *
 * @param keepCompleted how long a completed publication stays (in event_publication_archive, or
 *     completed in event_publication): long enough to look into a problem, short enough that old
 *     gifts (ContributionCompleted carries a supporter's id and amount) are not kept there for ever
 * @param purgeInterval how often the purge runs
 */
@ConfigurationProperties("samizdat.events")
public record EventSettings(
    @DefaultValue("1d") Duration keepCompleted, @DefaultValue("1h") Duration purgeInterval) {}

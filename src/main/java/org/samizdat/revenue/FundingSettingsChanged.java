package org.samizdat.revenue;

import java.time.Instant;

/**
 * Editors saved the funding goal, the banner and appeal copy or the amount rules; anything built
 * from them is stale.
 */
public record FundingSettingsChanged(Instant changedAt) {}

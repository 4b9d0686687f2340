package org.samizdat.revenue;

import java.time.Instant;

/**
 * Editors saved the funding goal, the banner and appeal copy, the amount rules or an exchange rate
 * (which changes what gifts in other currencies count toward the goal); anything built from them is
 * stale.
 */
public record FundingSettingsChanged(Instant changedAt) {}

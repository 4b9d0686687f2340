package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.revenue.RevenueReports.UnmatchedEvent;

/** Provider events waiting for the checkout or payment they refer to. */
public record UnmatchedEventsPage(List<UnmatchedEvent> events, long total) {}

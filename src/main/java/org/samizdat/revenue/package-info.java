/**
 * Reader revenue: the funding goal, the banner and the end-of-article appeal, contributions through
 * payment providers (stripe/, testmode/), the append-only ledger, supporters, receipts and
 * reminders. Depends only on platform.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "platform::*"})
package org.samizdat.revenue;

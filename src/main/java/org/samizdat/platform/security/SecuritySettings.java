package org.samizdat.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param loginFreeFailures failed sign-ins to one account from one address that cost nothing; each
 *     further one doubles the wait before the next attempt from there (1 s, 2 s, 4 s ...)
 * @param loginMaxDelay the longest such wait
 * @param maxFailuresPerAddress failed sign-ins from one IP address, to any accounts, before every
 *     attempt from that address waits likewise
 * @param loginWindow how long failures count
 * @param sessionLifetime how long a newsroom sign-in lasts at most, however active the session
 * @param auditRetention how long the audit log keeps an entry
 */
@ConfigurationProperties("samizdat.security")
public record SecuritySettings(
    @DefaultValue("2") int loginFreeFailures,
    @DefaultValue("5m") Duration loginMaxDelay,
    @DefaultValue("20") int maxFailuresPerAddress,
    @DefaultValue("15m") Duration loginWindow,
    @DefaultValue("12h") Duration sessionLifetime,
    @DefaultValue("365d") Duration auditRetention) {}

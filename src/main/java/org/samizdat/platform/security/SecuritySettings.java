package org.samizdat.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxFailuresPerAccount failed sign-ins to one account within the window before it is
 *     refused
 * @param maxFailuresPerAddress failed sign-ins from one IP address within the window before it is
 *     refused
 * @param loginWindow how long failures count
 */
@ConfigurationProperties("samizdat.security")
public record SecuritySettings(
    @DefaultValue("5") int maxFailuresPerAccount,
    @DefaultValue("20") int maxFailuresPerAddress,
    @DefaultValue("15m") Duration loginWindow) {}

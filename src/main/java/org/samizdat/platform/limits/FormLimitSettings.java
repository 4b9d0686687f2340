package org.samizdat.platform.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param perClientPerMinute uses of any mail form from one client address in a minute
 * @param perClientPerDay the same in a day
 * @param perRecipientPerHour mails one form may send to one address in an hour
 */
@ConfigurationProperties("samizdat.limits.mail-forms")
record FormLimitSettings(
    @DefaultValue("5") int perClientPerMinute,
    @DefaultValue("20") int perClientPerDay,
    @DefaultValue("3") int perRecipientPerHour) {

  FormLimitSettings {
    if (perClientPerMinute < 1 || perClientPerDay < 1 || perRecipientPerHour < 1) {
      throw new IllegalArgumentException("samizdat.limits.mail-forms.* must each be at least 1.");
    }
  }
}

/**
 * Backups and restores: the {@code backup} and {@code restore} commands ({@code java -jar
 * samizdat.jar backup|restore}), one archive of the database and the media, and the newsroom's
 * download. Leans on platform's database and audit log only.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"platform", "platform::database", "platform::audit"})
package org.samizdat.backup;

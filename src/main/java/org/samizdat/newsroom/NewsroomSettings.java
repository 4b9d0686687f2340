package org.samizdat.newsroom;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminEmail the first admin's e-mail, used only when the database has no staff yet
 * @param adminPassword the first admin's password; generated and printed once when empty
 */
@ConfigurationProperties("samizdat.newsroom")
public record NewsroomSettings(String adminEmail, String adminPassword) {}

/**
 * What every module leans on: the database (embedded PostgreSQL or an external server), security,
 * error pages, the clock.
 */
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.samizdat.platform;

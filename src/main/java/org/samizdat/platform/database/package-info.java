/** The data source: an external PostgreSQL server, or the embedded one in the data directory. */
@org.springframework.modulith.NamedInterface("database")
package org.samizdat.platform.database;

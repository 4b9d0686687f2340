/** Limits on the forms that send mail, counted in PostgreSQL for every node. */
@org.springframework.modulith.NamedInterface("limits")
package org.samizdat.platform.limits;

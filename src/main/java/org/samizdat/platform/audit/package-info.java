/** The append-only audit log of staff actions, and its query for the newsroom. */
@org.springframework.modulith.NamedInterface("audit")
package org.samizdat.platform.audit;

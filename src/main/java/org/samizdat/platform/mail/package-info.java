/** The mail outbox: modules queue e-mails in their own transaction; the sender delivers them. */
@org.springframework.modulith.NamedInterface("mail")
package org.samizdat.platform.mail;

/**
 * The e-mail newsletter: double opt-in subscriptions from the reader's pages, daily and weekly
 * digests of new articles per language sent exactly once through the mail outbox, one-click
 * unsubscribe (RFC 8058), and {@link org.samizdat.reach.newsletter.NewsletterAdmin} for the
 * newsroom's screen. Exposed to other modules as the named interface {@code reach::newsletter};
 * everything but that service, its records and the template views is package-private.
 */
@org.springframework.modulith.NamedInterface("newsletter")
package org.samizdat.reach.newsletter;

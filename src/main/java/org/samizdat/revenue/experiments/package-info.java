/**
 * Appeal experiments: variants of what the banner, the appeal, the support page and the thank-you
 * offer say, the traffic each gets (a fixed split or a bandit), and results counted without
 * identifying any reader.
 */
@org.springframework.modulith.NamedInterface("experiments")
package org.samizdat.revenue.experiments;

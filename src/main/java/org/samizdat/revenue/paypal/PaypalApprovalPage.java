package org.samizdat.revenue.paypal;

/** The local PayPal test mode's approval page: its words and the gift it approves. */
public record PaypalApprovalPage(
    String lang,
    String siteName,
    String token,
    String title,
    String flag,
    String amount,
    String emailLabel,
    String email,
    String approve,
    String cancel,
    String error) {}

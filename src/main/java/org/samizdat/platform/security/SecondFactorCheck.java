package org.samizdat.platform.security;

/**
 * What a password sign-in still needs before the newsroom opens. The newsroom, which knows the
 * staff and their authenticators, answers; the security chain enforces the answer.
 */
public interface SecondFactorCheck {

  enum Need {
    /** Nothing more: no second factor is set up and none is required. */
    NOTHING,
    /** A code from the member's authenticator app. */
    CODE,
    /** Second factors are required and the member has none yet: only their account screen. */
    ENROLMENT,
    /**
     * Second factors are required and the member's only one is a passkey: they must sign in with it
     * (a passkey sign-in is complete on its own).
     */
    PASSKEY
  }

  Need afterPassword(String username);
}

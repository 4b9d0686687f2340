package org.samizdat.newsroom;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.samizdat.publishing.Actor;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in staff member, as kept in the (PostgreSQL-backed) session. The password hash is only
 * here while the password is checked: Spring Security erases it before the session is written, so a
 * copied session row holds no hash to crack.
 */
public final class StaffPrincipal implements UserDetails, CredentialsContainer, Serializable {

  @Serial private static final long serialVersionUID = 2L;

  private final long id;
  private final String email;
  private final String displayName;
  private final StaffRole role;
  private final boolean enabled;
  private transient String passwordHash;

  public StaffPrincipal(
      long id,
      String email,
      String displayName,
      StaffRole role,
      String passwordHash,
      boolean enabled) {
    this.id = id;
    this.email = email;
    this.displayName = displayName;
    this.role = role;
    this.passwordHash = passwordHash;
    this.enabled = enabled;
  }

  public long id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String displayName() {
    return displayName;
  }

  public StaffRole role() {
    return role;
  }

  public boolean enabled() {
    return enabled;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return email;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  public Actor actor() {
    return new Actor(id, displayName);
  }

  /** A copy without the hash, for the session. */
  public StaffPrincipal withoutPassword() {
    return new StaffPrincipal(id, email, displayName, role, null, enabled);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaffPrincipal p && p.id == id && Objects.equals(p.email, email);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "StaffPrincipal[" + id + ", " + role + "]";
  }
}
